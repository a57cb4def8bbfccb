//! The negative corpus in `tests/negative/`: one small manifest per rule, each carrying the
//! exact message (checked against spec §2) in its `# expect:` header lines. Nothing is created.

mod common;
use common::*;
use sts_core::api::Kind;
use sts_core::manifest::parse;

#[test]
fn every_manifest_of_the_negative_corpus_gets_its_exact_message() {
    let mut files: Vec<_> = std::fs::read_dir("../../tests/negative")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 14);
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let expected: Vec<&str> = text
            .lines()
            .filter_map(|l| l.strip_prefix("# expect: "))
            .collect();
        let expected = expected.join("\n");
        let mut c = cluster();
        let mut messages = Vec::new();
        for doc in parse(&text) {
            match doc.result {
                Err(e) => messages.push(e.message()),
                Ok(object) => match c.create(object) {
                    Err(e) => messages.push(e.message),
                    Ok(_) => messages.push("created".into()),
                },
            }
        }
        assert_eq!(messages, [expected], "{}", path.display());
        assert!(
            c.list(Kind::StatefulSet, None).next().is_none(),
            "{}: nothing created",
            path.display()
        );
    }
}
