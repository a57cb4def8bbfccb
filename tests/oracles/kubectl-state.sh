# The cluster the kubectl oracle reads: a settled set with a claim template, one pod crash
# looping, one rolled to a new image, a node lost and back, a PodDisruptionBudget, and a
# second set with requests, limits, an init container and a hostPath volume.
kubectl apply -f ../../examples/statefulset-with-service.yaml
kubectl apply -f kubectl-extra.yaml
sim settle
kubectl set image sts/web nginx=registry.k8s.io/nginx-slim:0.24
sim settle
sim crashloop web-1
sim advance 3m
sim node-down node-3
sim advance 2m
sim node-up node-3
sim advance 1m
kubectl label pod web-0 tier=frontend
kubectl annotate sts web team=storage
