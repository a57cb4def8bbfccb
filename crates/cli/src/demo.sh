# The seed walkthrough, as `stsplay demo` plays it.
kubectl apply -f examples/basic-statefulset.yaml
kubectl get statefulsets
kubectl get pods -l app=web -w
kubectl get statefulsets
kubectl scale statefulset/web --replicas=5
kubectl get pods -l app=web -w
kubectl get pvc
kubectl delete statefulset web
kubectl get pods -l app=web -w
kubectl get pvc
