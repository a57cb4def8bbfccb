//! Exact-text tests of the `kubectl get` tables against the spec's examples.

use super::*;

#[test]
fn padding_example() {
    let rows: Vec<Vec<String>> = [
        ["NAME", "READY", "STATUS", "RESTARTS", "AGE"],
        ["web-0", "1/1", "Running", "0", "10s"],
        ["web-1", "1/1", "Running", "0", "8s"],
    ]
    .iter()
    .map(|r| r.iter().map(|s| s.to_string()).collect())
    .collect();
    assert_eq!(
        render(&rows),
        "NAME    READY   STATUS    RESTARTS   AGE\n\
         web-0   1/1     Running   0          10s\n\
         web-1   1/1     Running   0          8s\n"
    );
}
