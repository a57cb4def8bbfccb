//! The front door for pasted text (spec §2.5): documents, strict decoding with every unknown
//! field named by path, kinds the cluster does not serve, syntax errors with their line, and
//! hostile input that must neither panic nor hang.

mod common;
use common::*;
use sts_core::manifest::{parse, DecodeError, MAX_BYTES};

fn errors(text: &str) -> Vec<(String, Option<(usize, usize)>)> {
    parse(text)
        .into_iter()
        .filter_map(|d| d.result.err().map(|e| (e.message(), d.at)))
        .collect()
}

#[test]
fn the_default_manifest_decodes_into_a_service_and_a_set() {
    let docs = parse(M);
    assert_eq!(docs.len(), 2);
    assert!(docs.iter().all(|d| d.result.is_ok()));
    assert_eq!(docs[0].name.as_deref(), Some("nginx"));
    assert_eq!(docs[1].first_line, 14);
    for example in [
        "../../examples/basic-statefulset.yaml",
        "../../examples/statefulset-with-service.yaml",
    ] {
        let text = std::fs::read_to_string(example).unwrap();
        assert!(parse(&text).iter().all(|d| d.result.is_ok()), "{example}");
    }
}

#[test]
fn unknown_fields_are_all_reported_with_their_paths_and_line() {
    let text = M
        .replace("        image: registry", "        imagee: registry")
        .replace("  replicas: 3", "  replica: 3");
    let errs = errors(&text);
    assert_eq!(errs.len(), 1);
    assert_eq!(
        errs[0].0,
        "StatefulSet in version \"v1\" cannot be handled as a StatefulSet: strict decoding error: unknown field \"spec.replica\", unknown field \"spec.template.spec.containers[0].imagee\""
    );
    let line = text.lines().position(|l| l.contains("replica: 3")).unwrap() + 1;
    assert_eq!(errs[0].1, Some((line, 3)));
}

#[test]
fn unknown_kinds_and_versions_get_no_matches() {
    let errs = errors("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n");
    assert_eq!(errs[0].0, "no matches for kind \"Deployment\" in version \"apps/v1\"\nensure CRDs are installed first");
    assert_eq!(errs[0].1, Some((2, 1)));
    let errs = errors("apiVersion: v1\nkind: StatefulSet\nmetadata:\n  name: x\n");
    assert_eq!(
        errs[0].0,
        "no matches for kind \"StatefulSet\" in version \"v1\"\nensure CRDs are installed first"
    );
    assert_eq!(
        errors("metadata:\n  name: x\n")[0].0,
        "Object 'Kind' is missing"
    );
}

#[test]
fn wrong_types_are_reported_like_go() {
    let errs = errors(&M.replace("  replicas: 3", "  replicas: three"));
    assert_eq!(
        errs[0].0,
        "StatefulSet in version \"v1\" cannot be handled as a StatefulSet: json: cannot unmarshal string into Go struct field StatefulSetSpec.spec.replicas of type int32"
    );
}

#[test]
fn syntax_errors_point_at_their_line_and_spare_the_other_documents() {
    let text = format!("{M}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  b: : c\n");
    let docs = parse(&text);
    assert_eq!(docs.len(), 3);
    assert!(docs[0].result.is_ok() && docs[1].result.is_ok());
    let err = docs[2].result.as_ref().unwrap_err();
    assert!(matches!(err, DecodeError::Syntax(_)));
    assert!(
        err.message()
            .starts_with("error converting YAML to JSON: yaml: line 5: "),
        "{}",
        err.message()
    );
    let line = text.lines().position(|l| l.contains("b: : c")).unwrap() + 1;
    assert_eq!(docs[2].at.unwrap().0, line);
    let tabs = errors("apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: a\n");
    assert_eq!(
        tabs[0].0,
        "error converting YAML to JSON: yaml: line 4: found character that cannot start any token"
    );
}

#[test]
fn lists_json_and_stored_kinds_decode() {
    let list = r#"{"apiVersion": "v1", "kind": "List", "items": [
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cfg"}, "data": {"a": "1"}},
        {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": {"name": "pdb"}, "spec": {"maxUnavailable": 1}}
    ]}"#;
    let docs = parse(list);
    assert_eq!(docs.len(), 2);
    assert!(docs.iter().all(|d| d.result.is_ok()));
    assert_eq!(docs[1].name.as_deref(), Some("pdb"));
}

#[test]
fn hostile_input_is_refused_quickly_without_panicking() {
    // A billion laughs.
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for i in 0..9 {
        let prev = if i == 0 {
            "a".to_string()
        } else {
            format!("a{i}")
        };
        bomb.push_str(&format!(
            "a{}: &a{} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n",
            i + 1,
            i + 1
        ));
    }
    let errs = errors(&bomb);
    assert_eq!(errs.len(), 1, "refused: {errs:?}");
    // Deep nesting.
    let deep = format!(
        "kind: ConfigMap\napiVersion: v1\ndata: {}1{}\n",
        "[".repeat(200),
        "]".repeat(200)
    );
    assert_eq!(
        errors(&deep)[0].0,
        "the document nests deeper than 64 levels"
    );
    // Too big.
    let big = "#".repeat(MAX_BYTES + 1);
    assert!(errors(&big)[0]
        .0
        .contains("over the playground's limit of 1048576 bytes"));
    // Junk.
    for junk in [
        "\u{0}\u{1}\u{2}",
        "{{{{",
        "- - - -",
        ": :",
        "kind: [",
        "\"unterminated",
        "apiVersion: v1\nkind: Pod\nspec: 7\n",
    ] {
        let _ = parse(junk);
    }
    // Many documents.
    let many = "---\nkind: ConfigMap\napiVersion: v1\nmetadata: {name: x}\n".repeat(1_100);
    assert!(parse(&many).iter().any(|d| matches!(&d.result, Err(DecodeError::Limit(m)) if m.contains("more than 1000 documents"))));
}

#[test]
fn decoded_objects_create_the_cluster_they_describe() {
    let mut c = cluster();
    for doc in parse(M) {
        c.create(doc.result.unwrap()).unwrap();
    }
    settle(&mut c);
    assert_eq!(set(&c, "web").status.ready_replicas, 3);
}

#[test]
fn every_example_is_accepted_and_settles() {
    let names = example_files();
    assert!(names.len() >= 8);
    for path in &names {
        let text = std::fs::read_to_string(path).unwrap();
        let mut c = cluster();
        for doc in parse(&text) {
            let object = doc
                .result
                .unwrap_or_else(|e| panic!("{}: {}", path.display(), e.message()));
            c.create(object)
                .unwrap_or_else(|e| panic!("{}: {}", path.display(), e.message));
        }
        let (_, outcome) = c.settle(sts_core::time::Duration::minutes(30));
        assert_eq!(
            outcome,
            sts_core::cluster::SettleOutcome::Settled,
            "{}",
            path.display()
        );
        for obj in c.list(sts_core::api::Kind::StatefulSet, Some("default")) {
            let sts_core::api::Object::StatefulSet(s) = &**obj else {
                continue;
            };
            assert_eq!(
                s.status.ready_replicas,
                s.replicas(),
                "{}: {} is Ready",
                path.display(),
                s.metadata.name
            );
        }
    }
}

#[test]
fn a_duplicate_key_is_a_strict_decoding_error_at_its_second_occurrence() {
    let text = M.replace("  replicas: 3", "  replicas: 3\n  replicas: 4");
    let docs = parse(&text);
    let err = docs[1].result.as_ref().unwrap_err();
    assert_eq!(err.message(), "StatefulSet in version \"v1\" cannot be handled as a StatefulSet: strict decoding error: duplicate field \"spec.replicas\"");
    let line = text.lines().position(|l| l == "  replicas: 4").unwrap() + 1;
    assert_eq!(docs[1].at, Some((line, 3)));
}

#[test]
fn yaml_becomes_json_as_kubectl_converts_it() {
    let docs = parse(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: !!str settings\ndata:\n  1: one\n  true: yes\n  ~: nothing\n  ratio: !!str 0.5\n",
    );
    let raw = docs[0].raw.as_ref().unwrap();
    assert_eq!(raw["metadata"]["name"], "settings", "tags are dropped");
    assert_eq!(raw["data"]["1"], "one", "number keys become strings");
    assert_eq!(raw["data"]["true"], "yes");
    assert_eq!(raw["data"]["null"], "nothing");
    assert_eq!(raw["data"]["ratio"], "0.5");
    let complex = errors("apiVersion: v1\nkind: ConfigMap\n? [a, b]\n: c\n");
    assert_eq!(
        complex[0].0,
        "error converting YAML to JSON: yaml: line 1: mapping keys must be strings"
    );
}
