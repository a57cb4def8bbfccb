# A cluster in trouble, for the kubectl oracle's third pass: a lost node with a pod stuck
# Terminating on it, a set whose pods cannot schedule, a claim nobody uses yet, and an image
# that cannot be pulled.
kubectl apply -f ../../examples/statefulset-with-service.yaml
sim settle
sim node-down node-2
sim advance 6m
sim image-broken registry.k8s.io/nginx-slim:0.99
kubectl apply -f kubectl-trouble.yaml
sim advance 2m
