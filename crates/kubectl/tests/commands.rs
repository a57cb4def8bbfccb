//! Per-command behaviour: each test types commands into a session and checks the exact text
//! kubectl would print (spec §2.5, §8), or the state a learner would then see.

use std::collections::BTreeMap;
use sts_core::cluster::Config;
use sts_kubectl::{Files, Session, Stream};

const WEB: &str = include_str!("../../../examples/tutorial/web.yaml");

struct Mem(BTreeMap<String, String>);

impl Files for Mem {
    fn read(&self, path: &str) -> Option<String> {
        self.0.get(path).cloned()
    }
}

fn files() -> Mem {
    let mut m = BTreeMap::new();
    m.insert("web.yaml".to_string(), WEB.to_string());
    m.insert(
        "no-selector.yaml".to_string(),
        WEB.replace("  selector:\n    matchLabels:\n      app: nginx\n", ""),
    );
    m.insert(
        "typo.yaml".to_string(),
        WEB.replace("  replicas: 2", "  replica: 2"),
    );
    m.insert(
        "parallel.yaml".to_string(),
        WEB.replace(
            "  replicas: 2",
            "  replicas: 2\n  podManagementPolicy: Parallel",
        ),
    );
    Mem(m)
}

/// A session with the tutorial's `web` set applied and settled.
fn web() -> Session {
    let mut s = Session::new(Config::default());
    run(&mut s, "kubectl apply -f web.yaml");
    run(&mut s, "sim settle");
    s
}

/// Everything a command printed, both streams.
fn run(s: &mut Session, line: &str) -> String {
    s.run(line, None, &files()).text()
}

fn run_code(s: &mut Session, line: &str) -> (String, String, i32) {
    let out = s.run(line, None, &files());
    (out.stream(Stream::Out), out.stream(Stream::Err), out.code)
}

#[test]
fn custom_columns_print_a_header_and_one_aligned_row_per_object() {
    let mut s = web();
    assert_eq!(
        run(
            &mut s,
            "kubectl get pods -o custom-columns=NAME:.metadata.name,CONTAINERS:.spec.containers[*].name,MISSING:.status.nominatedNodeName"
        ),
        "NAME    CONTAINERS   MISSING\nweb-0   nginx        <none>\nweb-1   nginx        <none>\n"
    );
    assert_eq!(
        run(
            &mut s,
            "kubectl get pod web-1 -o custom-columns=N:metadata.name --no-headers"
        ),
        "web-1\n"
    );
    assert_eq!(
        run(&mut s, "kubectl get pods -o custom-columns=NAME"),
        "error: unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>\n"
    );
    assert_eq!(
        run(
            &mut s,
            "kubectl get pods -o custom-columns-file=missing.txt"
        ),
        "error: error reading template missing.txt, open missing.txt: no such file or directory\n"
    );
}

#[test]
fn a_server_dry_run_is_validated_like_a_write_and_stores_nothing() {
    let mut s = Session::new(Config::default());
    assert!(files().0["no-selector.yaml"].contains("kind: StatefulSet"));
    assert!(!files().0["no-selector.yaml"].contains("matchLabels"));
    let (out, err, code) = run_code(&mut s, "kubectl apply --dry-run=server -f no-selector.yaml");
    assert_eq!(out, "service/nginx created (server dry run)\n");
    assert_eq!(
        err,
        "The StatefulSet \"web\" is invalid: \n* spec.selector: Required value\n* spec.template.metadata.labels: Invalid value: {\"app\":\"nginx\"}: `selector` does not match template `labels`\n"
    );
    assert_eq!(code, 1);
    // A client dry run never reaches the API server.
    assert_eq!(
        run(&mut s, "kubectl apply --dry-run=client -f no-selector.yaml"),
        "service/nginx created (dry run)\nstatefulset.apps/web created (dry run)\n"
    );
    assert_eq!(
        run(&mut s, "kubectl get sts"),
        "No resources found in default namespace.\n"
    );
    assert!(!run(&mut s, "kubectl get svc").contains("nginx"));
}

#[test]
fn flags_errors_and_unknown_things_get_kubectls_own_words() {
    let mut s = Session::new(Config::default());
    assert_eq!(
        run(&mut s, "kubectl get pods --bogus"),
        "error: unknown flag: --bogus\nSee 'kubectl get --help' for usage.\n"
    );
    assert_eq!(
        run(&mut s, "kubectl get deployments"),
        "error: the server doesn't have a resource type \"deployments\"\n"
    );
    let (out, err, code) = run_code(&mut s, "kubectl get pods");
    assert_eq!(
        (out.as_str(), err.as_str(), code),
        ("", "No resources found in default namespace.\n", 0)
    );
    assert_eq!(
        run(&mut s, "kubectl -n kube-system get pods"),
        "No resources found in kube-system namespace.\n"
    );
    assert_eq!(
        run(&mut s, "kubectl get pod web-9"),
        "Error from server (NotFound): pods \"web-9\" not found\n"
    );
    assert_eq!(
        run(&mut s, "kubectl rollout pause sts/web"),
        "Error from server (NotFound): statefulsets.apps \"web\" not found\n"
    );
}

#[test]
fn apply_reports_created_unchanged_configured_and_strict_decoding_errors() {
    let mut s = Session::new(Config::default());
    assert_eq!(
        run(&mut s, "kubectl apply -f web.yaml"),
        "service/nginx created\nstatefulset.apps/web created\n"
    );
    // kubectl's three-way patch always carries volumeClaimTemplates (a list replaced as a
    // whole, and the server adds apiVersion, kind, status and volumeMode to each template), so
    // a StatefulSet with claim templates reports `configured` on every re-apply. Nothing
    // changes: the generation stays.
    assert_eq!(
        run(&mut s, "kubectl apply -f web.yaml"),
        "service/nginx unchanged\nstatefulset.apps/web configured\n"
    );
    assert_eq!(
        run(
            &mut s,
            "kubectl get sts web -o jsonpath={.metadata.generation}"
        ),
        "1"
    );
    assert_eq!(
        run(&mut s, "kubectl apply -f typo.yaml"),
        "service/nginx unchanged\nError from server (BadRequest): error when creating \"typo.yaml\": StatefulSet in version \"v1\" cannot be handled as a StatefulSet: strict decoding error: unknown field \"spec.replica\"\n"
    );
    assert_eq!(
        run(&mut s, "kubectl create -f web.yaml"),
        "Error from server (AlreadyExists): error when creating \"web.yaml\": services \"nginx\" already exists\nError from server (AlreadyExists): error when creating \"web.yaml\": statefulsets.apps \"web\" already exists\n"
    );
    assert_eq!(
        run(&mut s, "kubectl apply -f parallel.yaml"),
        "service/nginx unchanged\nThe StatefulSet \"web\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden\n"
    );
    assert_eq!(
        run(&mut s, "kubectl apply -f nope.yaml"),
        "error: the path \"nope.yaml\" does not exist\n"
    );
    let out = s.run(
        "kubectl apply -f -",
        Some("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: b\n"),
        &files(),
    );
    assert_eq!(out.text(), "configmap/settings created\n");
}

#[test]
fn get_prints_tables_names_templates_and_all() {
    let mut s = web();
    assert_eq!(
        run(&mut s, "kubectl get sts -o wide"),
        "NAME   READY   AGE   CONTAINERS   IMAGES\nweb    2/2     6s    nginx        registry.k8s.io/nginx-slim:0.8\n"
    );
    assert_eq!(
        run(&mut s, "kubectl get pods -o name"),
        "pod/web-0\npod/web-1\n"
    );
    assert_eq!(
        run(
            &mut s,
            "kubectl get pods -o jsonpath={.items[*].metadata.name}"
        ),
        "web-0 web-1"
    );
    assert_eq!(
        run(&mut s, "kubectl get pod web-0 -o jsonpath='{.metadata.labels.apps\\.kubernetes\\.io/pod-index}'"),
        ""
    );
    let all = run(&mut s, "kubectl get all");
    assert!(
        all.starts_with(
            "NAME        READY   STATUS    RESTARTS   AGE\npod/web-0   1/1     Running   0 "
        ),
        "{all}"
    );
    assert!(all.contains("\n\nNAME                 TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\nservice/kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   7d\nservice/nginx        ClusterIP   None         <none>        80/TCP    6s\n"), "{all}");
    assert!(
        all.ends_with(
            "\n\nNAME                   READY   AGE\nstatefulset.apps/web   2/2     6s\n"
        ),
        "{all}"
    );
    let yaml = run(&mut s, "kubectl get pods -o yaml");
    assert!(
        yaml.starts_with("apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Pod\n"),
        "{yaml}"
    );
    assert!(
        yaml.ends_with("kind: List\nmetadata:\n  resourceVersion: \"\"\n"),
        "{yaml}"
    );
    assert_eq!(
        run(
            &mut s,
            "kubectl get pvc -l app=nginx -o custom-columns=NAME:.metadata.name"
        ),
        "NAME\nwww-web-0\nwww-web-1\n"
    );
    let sorted = run(
        &mut s,
        "kubectl get pods --sort-by=.metadata.name --no-headers -o name",
    );
    assert_eq!(sorted, "pod/web-0\npod/web-1\n");
}

#[test]
fn scale_patch_and_set_image_confirm_like_kubectl() {
    let mut s = web();
    assert_eq!(
        run(
            &mut s,
            "kubectl scale sts web --replicas=3 --current-replicas=5"
        ),
        "error: Expected replicas to be 5, was 2\n"
    );
    assert_eq!(
        run(&mut s, "kubectl scale statefulset/web --replicas=3"),
        "statefulset.apps/web scaled\n"
    );
    assert_eq!(
        run(
            &mut s,
            r#"kubectl patch sts web -p '{"spec":{"replicas":3}}'"#
        ),
        "statefulset.apps/web patched (no change)\n"
    );
    assert_eq!(
        run(&mut s, r#"kubectl patch sts web --type=merge -p '{"spec":{"replicas":-1}}'"#),
        "The StatefulSet \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n"
    );
    assert_eq!(
        run(
            &mut s,
            "kubectl set image sts/web nginx=registry.k8s.io/nginx-slim:0.24"
        ),
        "statefulset.apps/web image updated\n"
    );
    assert_eq!(
        run(&mut s, "kubectl set image sts/web php=php:8"),
        "error: unable to find container named \"php\"\n"
    );
    assert_eq!(
        run(&mut s, "kubectl rollout status sts/web --watch=false"),
        "Waiting for statefulset spec update to be observed...\n"
    );
    let status = run(&mut s, "kubectl rollout status sts/web");
    assert!(
        status.ends_with("partitioned roll out complete: 3 new pods have been updated...\n"),
        "{status}"
    );
}

#[test]
fn delete_waits_for_the_object_and_force_warns() {
    let mut s = web();
    let before = s.now();
    assert_eq!(
        run(&mut s, "kubectl delete pod web-1"),
        "pod \"web-1\" deleted from default namespace\n"
    );
    assert!(
        s.now() > before,
        "delete --wait let time pass until web-1 was gone"
    );
    assert_eq!(
        run(&mut s, "kubectl delete pod web-0 --grace-period=0 --force"),
        "Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\npod \"web-0\" force deleted from default namespace\n"
    );
    assert_eq!(
        run(&mut s, "kubectl delete pods -l app=none"),
        "No resources found\n"
    );
    assert_eq!(
        run(&mut s, "kubectl delete pods"),
        "error: resource(s) were provided, but no name was specified\n"
    );
    let mut old = Session::new(Config {
        minor: 33,
        ..Config::default()
    });
    run(&mut old, "kubectl apply -f web.yaml");
    assert_eq!(
        run(&mut old, "kubectl delete svc nginx"),
        "service \"nginx\" deleted\n"
    );
}

#[test]
fn wait_meets_conditions_or_times_out() {
    let mut s = Session::new(Config::default());
    run(&mut s, "kubectl apply -f web.yaml");
    assert_eq!(
        run(
            &mut s,
            "kubectl wait --for=condition=Ready pod/web-1 --timeout=2m"
        ),
        "Error from server (NotFound): pods \"web-1\" not found\n"
    );
    run(&mut s, "sim step");
    run(&mut s, "sim step");
    assert_eq!(
        run(
            &mut s,
            "kubectl wait --for=condition=Ready pod/web-0 --timeout=2m"
        ),
        "pod/web-0 condition met\n"
    );
    run(&mut s, "sim settle");
    run(&mut s, "sim image-broken registry.k8s.io/nginx-slim:0.99");
    run(
        &mut s,
        "kubectl set image sts/web nginx=registry.k8s.io/nginx-slim:0.99",
    );
    run(&mut s, "sim advance 10s");
    let start = s.now();
    assert_eq!(
        run(
            &mut s,
            "kubectl wait --for=condition=Ready pod/web-1 --timeout=45s"
        ),
        "error: timed out waiting for the condition on pods/web-1\n"
    );
    assert_eq!((s.now() - start).whole_seconds(), 45);
}

#[test]
fn exec_runs_a_little_shell_in_the_pod() {
    let mut s = web();
    assert_eq!(run(&mut s, "kubectl exec web-0 -- hostname"), "web-0\n");
    assert_eq!(
        run(&mut s, "kubectl exec web-0 hostname"),
        "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\n"
    );
    assert_eq!(
        run(&mut s, "kubectl exec web-0 -- cat /usr/share/nginx/html/index.html"),
        "cat: /usr/share/nginx/html/index.html: No such file or directory\ncommand terminated with exit code 1\n"
    );
    let forbidden = run(&mut s, "kubectl exec web-0 -- curl -s localhost");
    assert!(
        forbidden.contains("<head><title>403 Forbidden</title></head>"),
        "{forbidden}"
    );
    run(
        &mut s,
        r#"kubectl exec web-0 -- sh -c 'echo "hello from $(hostname)" > /usr/share/nginx/html/index.html'"#,
    );
    assert_eq!(
        run(&mut s, "kubectl exec web-0 -- curl http://localhost/"),
        "hello from web-0\n"
    );
    assert_eq!(
        run(&mut s, "kubectl exec web-0 -- ls /usr/share/nginx/html"),
        "index.html\n"
    );
    // The file lives in the volume: it survives the pod.
    run(&mut s, "kubectl delete pod web-0");
    run(&mut s, "sim settle");
    assert_eq!(
        run(&mut s, "kubectl exec web-0 -- curl http://localhost/"),
        "hello from web-0\n"
    );
    assert_eq!(
        run(&mut s, "kubectl exec web-0 -- sh -c 'foo'"),
        "sh: 1: foo: not found\ncommand terminated with exit code 127\n"
    );
    let dns = run(
        &mut s,
        "kubectl run -i --tty --image busybox:1.28 dns-test --restart=Never --rm -- nslookup nginx",
    );
    assert!(
        dns.contains("Name:      nginx\nAddress 1: 10.244."),
        "{dns}"
    );
    assert!(
        dns.ends_with("pod \"dns-test\" deleted from default namespace\n"),
        "{dns}"
    );
}

#[test]
fn describe_statefulset_matches_the_spec_layout() {
    let mut s = web();
    let text = run(&mut s, "kubectl describe sts web");
    // As kubectl 1.37 prints it (the oracle compares the layout with the real kubectl): the
    // service, the pod management and claim retention policies, and maxUnavailable (its gate
    // is on again in 1.37).
    let expected_head = "Name:                   web\nNamespace:              default\nCreationTimestamp:      Wed, 01 Jan 2025 00:00:00 +0000\nSelector:               app=nginx\nLabels:                 <none>\nAnnotations:            <none>\nService Name:           nginx\nPod Management Policy:  OrderedReady\nReplicas:               2 desired | 2 total\nUpdate Strategy:        RollingUpdate\n  Partition:            0\n  MaxUnavailable:       1\nPersistent Volume Claim Retention Policy:\n  WhenDeleted:  Retain\n  WhenScaled:   Retain\nPods Status:    2 Running / 0 Waiting / 0 Succeeded / 0 Failed\nPod Template:\n  Labels:  app=nginx\n  Containers:\n   nginx:\n    Image:        registry.k8s.io/nginx-slim:0.8\n    Port:         80/TCP (web)\n    Host Port:    0/TCP (web)\n    Environment:  <none>\n    Mounts:\n      /usr/share/nginx/html from www (rw)\n  Volumes:         <none>\n  Node-Selectors:  <none>\n  Tolerations:     <none>\nVolume Claims:\n  Name:          www\n  StorageClass:  \n  Labels:        <none>\n  Annotations:   <none>\n  Capacity:      1Gi\n  Access Modes:  [ReadWriteOnce]\nEvents:\n  Type    Reason            Age   From                    Message\n  ----    ------            ----  ----                    -------\n  Normal  SuccessfulCreate  6s    statefulset-controller  create Claim www-web-0 Pod web-0 in StatefulSet web success\n";
    assert!(text.starts_with(expected_head), "{text}");
    let svc = run(&mut s, "kubectl describe svc nginx");
    assert!(
        svc.contains("Events:            <none>\n") || svc.contains("Events:"),
        "{svc}"
    );
}

#[test]
fn rollout_history_and_undo_renumber_revisions() {
    let mut s = web();
    run(
        &mut s,
        "kubectl set image sts/web nginx=registry.k8s.io/nginx-slim:0.24",
    );
    run(&mut s, "sim settle");
    assert_eq!(
        run(&mut s, "kubectl rollout history sts/web"),
        "statefulset.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n"
    );
    // kubectl 1.36+ warns that the rollback leaves the last-applied record behind.
    const WARNING: &str = "Warning: resource statefulsets/web was previously managed with 'kubectl apply'. Rolling back will not update the kubectl.kubernetes.io/last-applied-configuration annotation, which may cause unexpected behavior on future 'kubectl apply' operations. Consider using 'kubectl apply' with your previous configuration file instead.\n";
    assert_eq!(
        run(&mut s, "kubectl rollout undo sts/web"),
        format!("{WARNING}statefulset.apps/web rolled back\n")
    );
    run(&mut s, "sim settle");
    assert_eq!(
        run(&mut s, "kubectl rollout history sts/web"),
        "statefulset.apps/web \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n"
    );
    assert_eq!(
        run(&mut s, "kubectl rollout undo sts/web --to-revision=3"),
        format!("{WARNING}statefulset.apps/web skipped rollback (current template already matches revision 3)\n")
    );
    assert_eq!(
        run(&mut s, "kubectl rollout undo sts/web --to-revision=1"),
        format!("{WARNING}error: unable to find specified revision 1 in history\n")
    );
    assert_eq!(
        run(&mut s, "kubectl rollout resume sts/web"),
        "error: statefulsets.apps \"web\" resuming is not supported\n"
    );
    assert_eq!(
        run(&mut s, "kubectl rollout restart sts/web"),
        "statefulset.apps/web restarted\n"
    );
}

#[test]
fn nodes_cordon_and_drain_through_the_eviction_api() {
    let mut s = web();
    assert_eq!(
        run(&mut s, "kubectl cordon node-2"),
        "node/node-2 cordoned\n"
    );
    assert_eq!(
        run(&mut s, "kubectl cordon node-2"),
        "node/node-2 already cordoned\n"
    );
    assert_eq!(
        run(&mut s, "kubectl uncordon node-2"),
        "node/node-2 uncordoned\n"
    );
    let node = run(&mut s, "kubectl get pod web-1 -o jsonpath={.spec.nodeName}");
    let drained = run(&mut s, &format!("kubectl drain {node} --ignore-daemonsets"));
    assert_eq!(
        drained,
        format!("node/{node} cordoned\nevicting pod default/web-1\npod/web-1 evicted\nnode/{node} drained\n")
    );
    run(&mut s, "sim settle");
    let after = run(&mut s, "kubectl get pod web-1 -o jsonpath={.spec.nodeName}");
    assert_ne!(after, node, "web-1 came back on another node");
}

#[test]
fn events_are_sorted_by_time_and_name_their_objects() {
    let mut s = web();
    let events = run(&mut s, "kubectl events --types=Normal --for sts/web");
    assert_eq!(
        events,
        "LAST SEEN   TYPE     REASON             OBJECT            MESSAGE\n6s          Normal   SuccessfulCreate   StatefulSet/web   create Claim www-web-0 Pod web-0 in StatefulSet web success\n6s          Normal   SuccessfulCreate   StatefulSet/web   create Pod web-0 in StatefulSet web successful\n4s          Normal   SuccessfulCreate   StatefulSet/web   create Claim www-web-1 Pod web-1 in StatefulSet web success\n4s          Normal   SuccessfulCreate   StatefulSet/web   create Pod web-1 in StatefulSet web successful\n"
    );
}

#[test]
fn sim_verbs_explain_and_inject_faults() {
    let mut s = web();
    let explain = run(&mut s, "sim explain");
    assert!(
        explain.starts_with("statefulset/web: 2/2 Ready"),
        "{explain}"
    );
    let unready = run(&mut s, "sim unready web-1");
    assert!(
        unready.contains("# web-1 has no readiness probe, so nothing will change"),
        "{unready}"
    );
    assert_eq!(
        run(&mut s, "sim node-down node-9"),
        "error: nodes \"node-9\" not found\n"
    );
    assert_eq!(
        run(&mut s, "sim bogus").lines().next().unwrap(),
        "error: unknown sim command \"bogus\""
    );
    assert!(run(&mut s, "sim step").starts_with("nothing to do: the simulation is settled at +"));
    let before = s.cluster().fingerprint();
    let replayed = run(&mut s, "sim seed 1");
    assert!(
        replayed.starts_with("replayed the session with seed 1"),
        "{replayed}"
    );
    assert_eq!(
        s.cluster().fingerprint(),
        before,
        "the same seed replays the same history"
    );
}

#[test]
fn labels_release_a_pod_from_its_set() {
    let mut s = web();
    assert_eq!(
        run(&mut s, "kubectl label pod web-1 app=debug"),
        "error: 'app' already has a value (nginx), and --overwrite is false\n"
    );
    assert_eq!(
        run(&mut s, "kubectl label pod web-1 app=debug --overwrite"),
        "pod/web-1 labeled\n"
    );
    run(&mut s, "sim settle");
    // The relabelled pod no longer matches the selector: the set releases it (removes its
    // ownerReference) and creates a new web-1... which it cannot, since the name is taken.
    assert_eq!(
        run(&mut s, "kubectl get pods -l app=debug -o name"),
        "pod/web-1\n"
    );
    assert_eq!(
        run(
            &mut s,
            "kubectl get pod web-1 -o jsonpath={.metadata.ownerReferences}"
        ),
        ""
    );
}

#[test]
fn taint_adds_and_removes_taints_with_kubectls_words() {
    let mut s = web();
    assert_eq!(
        run(&mut s, "kubectl taint nodes node-3 dedicated=db:NoSchedule"),
        "node/node-3 tainted\n"
    );
    assert_eq!(
        run(&mut s, "kubectl taint nodes node-3 dedicated=web:NoSchedule"),
        "error: node node-3 already has dedicated taint(s) with same effect(s) and --overwrite is false\n"
    );
    assert_eq!(
        run(
            &mut s,
            "kubectl taint node/node-3 dedicated=web:NoSchedule --overwrite"
        ),
        "node/node-3 tainted\n"
    );
    assert_eq!(
        run(
            &mut s,
            "kubectl get node node-3 -o jsonpath={.spec.taints[0].value}"
        ),
        "web"
    );
    assert_eq!(
        run(&mut s, "kubectl taint nodes node-3 dedicated-"),
        "node/node-3 untainted\n"
    );
    assert_eq!(
        run(&mut s, "kubectl taint nodes node-3 dedicated-"),
        "error: taint \"dedicated\" not found\n"
    );
}

/// The API server warns about v1 Endpoints from 1.33 (kubectl prints it once per command, on
/// stderr, before the answer); 1.32 does not.
#[test]
fn endpoints_carry_the_deprecation_warning_from_1_33() {
    const WARNING: &str =
        "Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n";
    for (minor, warned) in [(32, false), (33, true), (34, true)] {
        let mut s = Session::new(Config {
            minor,
            ..Config::default()
        });
        run(&mut s, "kubectl apply -f web.yaml");
        let (_, err, code) = run_code(&mut s, "kubectl get endpoints nginx -o name");
        assert_eq!(code, 0);
        assert_eq!(err == WARNING, warned, "1.{minor}: {err:?}");
        let (_, err, _) = run_code(&mut s, "kubectl get ep,endpoints -o name");
        assert_eq!(
            err.matches("Warning:").count(),
            usize::from(warned),
            "once a command"
        );
    }
}
