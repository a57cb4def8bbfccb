# Objects in the states a learner reaches, for the strict-schema oracle (`cargo xtask oracles`):
# created, rolling, crash looping, unready, evicted, on a lost node, terminating, scaled to zero,
# deleted with and without its pods, with a PodDisruptionBudget and an image that cannot be pulled.
kubectl apply -f ../../examples/statefulset-with-service.yaml
sim step
sim step
sim step
sim settle
kubectl set image sts/web nginx=registry.k8s.io/nginx-slim:0.24
sim step
sim step
sim settle
sim crashloop web-1
sim advance 3m
sim unready web-2
sim advance 1m
sim heal web-1
sim heal web-2
sim settle
sim evict web-0
sim step
sim settle
sim image-broken registry.k8s.io/nginx-slim:0.27
kubectl set image sts/web nginx=registry.k8s.io/nginx-slim:0.27
sim advance 2m
sim image-ok registry.k8s.io/nginx-slim:0.27
sim settle
sim node-down node-2
sim advance 6m
sim node-up node-2
sim settle
kubectl scale sts web --replicas=5
sim settle
kubectl apply -f - <<EOF
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  minAvailable: 4
  selector:
    matchLabels:
      app: web
EOF
kubectl drain node-1 --ignore-daemonsets --delete-emptydir-data --timeout=30s
kubectl uncordon node-1
kubectl patch sts web -p '{"spec":{"persistentVolumeClaimRetentionPolicy":{"whenScaled":"Delete","whenDeleted":"Delete"}}}'
kubectl scale sts web --replicas=2
sim step
sim step
sim settle
kubectl delete sts web --cascade=orphan
kubectl delete pod web-1 --wait=false
sim step
sim settle
kubectl apply -f ../../examples/statefulset-with-service.yaml
sim settle
kubectl delete sts web
sim step
sim settle
