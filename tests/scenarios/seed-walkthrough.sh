# The seed walkthrough: create a StatefulSet, watch it come up one pod at a time, scale it,
# look at its volumes, and delete it. Run it with: stsplay run tests/scenarios/seed-walkthrough.sh
kubectl apply -f ../../examples/basic-statefulset.yaml
kubectl get statefulsets
sim settle
kubectl get statefulsets
kubectl get pods -l app=web
kubectl scale statefulset/web --replicas=5
kubectl get pods -l app=web -w
kubectl get pvc
sim explain sts/web
kubectl delete statefulset web
kubectl get pods -l app=web
sim settle
kubectl get pods -l app=web
kubectl get pvc
