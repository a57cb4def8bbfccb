# The "StatefulSet Basics" tutorial, step by step. Where the tutorial's printed output is
# outdated or wrong, this follows Kubernetes 1.34 (and the playground says so).
# The tutorial keeps a watch open in a second terminal; here each watch runs after the
# command it observes and ends when the cluster settles.

# Step 1: create the headless Service and the StatefulSet.
kubectl apply -f https://k8s.io/examples/application/web/web.yaml
kubectl get pods --watch -l app=nginx
kubectl get service nginx
kubectl get statefulset web

# Step 2: pods in a StatefulSet: ordinal names, stable hostnames and DNS.
kubectl get pods -l app=nginx
for i in 0 1; do kubectl exec "web-$i" -- sh -c 'hostname'; done
kubectl run -i --tty --image busybox:1.28 dns-test --restart=Never --rm <<EOF
nslookup web-0.nginx
nslookup web-1.nginx
exit
EOF
kubectl delete pod -l app=nginx
kubectl get pod --watch -l app=nginx
for i in 0 1; do kubectl exec web-$i -- sh -c 'hostname'; done
kubectl run -i --tty --image busybox:1.28 dns-test --restart=Never --rm -- nslookup web-0.nginx

# Step 3: stable storage.
kubectl get pvc -l app=nginx
for i in 0 1; do kubectl exec "web-$i" -- sh -c 'echo "$(hostname)" > /usr/share/nginx/html/index.html'; done
for i in 0 1; do kubectl exec -i -t "web-$i" -- curl http://localhost/; done
kubectl delete pod -l app=nginx
kubectl get pod --watch -l app=nginx
for i in 0 1; do kubectl exec -i -t "web-$i" -- curl http://localhost/; done

# Step 4: scaling up (one at a time) and down (highest ordinal first).
kubectl scale sts web --replicas=5
kubectl get pods --watch -l app=nginx
kubectl patch sts web -p '{"spec":{"replicas":3}}'
kubectl get pods --watch -l app=nginx
kubectl get pvc -l app=nginx

# Step 5: updating. A rolling update replaces pods from the highest ordinal down.
kubectl patch statefulset web --type='json' -p='[{"op": "replace", "path": "/spec/template/spec/containers/0/image", "value":"registry.k8s.io/nginx-slim:0.24"}]'
kubectl rollout status sts/web
for p in 0 1 2; do kubectl get pod "web-$p" --template '{{range $i, $c := .spec.containers}}{{$c.image}}{{end}}'; echo; done

# Staging an update with a partition.
kubectl patch statefulset web -p '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":3}}}}'
kubectl patch statefulset web --type='json' -p='[{"op": "replace", "path": "/spec/template/spec/containers/0/image", "value":"registry.k8s.io/nginx-slim:0.21"}]'
kubectl delete pod web-2
kubectl get pod -l app=nginx --watch
kubectl get pod web-2 --template '{{range $i, $c := .spec.containers}}{{$c.image}}{{end}}'; echo

# A canary: partition 2 updates web-2 only; web-1 keeps the old image when re-created.
kubectl patch statefulset web -p '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":2}}}}'
kubectl get pod -l app=nginx --watch
kubectl get pod web-2 --template '{{range $i, $c := .spec.containers}}{{$c.image}}{{end}}'; echo
kubectl delete pod web-1
kubectl get pod -l app=nginx --watch
kubectl get pod web-1 --template '{{range $i, $c := .spec.containers}}{{$c.image}}{{end}}'; echo

# A phased roll out: partition 0 updates the rest.
kubectl patch statefulset web -p '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":0}}}}'
kubectl get pod -l app=nginx --watch
for p in 0 1 2; do kubectl get pod "web-$p" --template '{{range $i, $c := .spec.containers}}{{$c.image}}{{end}}'; echo; done

# OnDelete: the tutorial's patch is refused, because the stored rollingUpdate block stays.
kubectl patch statefulset web -p '{"spec":{"updateStrategy":{"type":"OnDelete"}}}'
kubectl patch statefulset web -p '{"spec":{"updateStrategy":{"type":"OnDelete","rollingUpdate":null}}}'
kubectl rollout status sts/web

# Step 6: deleting. A non-cascading delete orphans the pods.
kubectl delete statefulset web --cascade=orphan
kubectl get pods -l app=nginx
kubectl delete pod web-0
kubectl get pods -l app=nginx
kubectl apply -f https://k8s.io/examples/application/web/web.yaml
kubectl get pods --watch -l app=nginx
for i in 0 1; do kubectl exec -i -t "web-$i" -- curl http://localhost/; done

# A cascading delete: the garbage collector removes the pods concurrently, not in reverse order.
kubectl delete statefulset web
kubectl get pods --watch -l app=nginx
kubectl delete service nginx
kubectl apply -f https://k8s.io/examples/application/web/web.yaml
kubectl get pods --watch -l app=nginx
for i in 0 1; do kubectl exec -i -t "web-$i" -- curl http://localhost/; done
kubectl delete service nginx
kubectl delete statefulset web
sim settle

# Step 7: Parallel pod management.
kubectl apply -f https://k8s.io/examples/application/web/web-parallel.yaml
kubectl get pod -l app=nginx --watch
kubectl scale statefulset/web --replicas=5
kubectl get pod -l app=nginx --watch

# Applying the Parallel manifest over a live OrderedReady set is refused: the policy is immutable.
kubectl delete sts web
sim settle
kubectl apply -f https://k8s.io/examples/application/web/web.yaml
sim settle
kubectl apply -f https://k8s.io/examples/application/web/web-parallel.yaml

# Step 8: clean up.
kubectl delete sts web
kubectl get pods --watch -l app=nginx
kubectl delete svc nginx
kubectl get pvc
kubectl get pv
kubectl delete pvc www-web-0 www-web-1 www-web-2 www-web-3 www-web-4
kubectl get pvc
