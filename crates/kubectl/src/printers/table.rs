//! `kubectl get` tables: the column sets of the server's `printers.go`, plus kubectl's own
//! decorations (`NAMESPACE` for `-A`, `kind/name` for `get all`, `-L` columns, `LABELS`).

use super::{cluster, pods, storage, tabwriter, workloads};
use std::rc::Rc;
use sts_core::api::{labels_string, Kind, Name, Object};
use sts_core::time::{human_duration, Time};

/// How `kubectl get` was asked to print.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TableOptions {
    /// `-o wide`: the `Priority: 1` columns too.
    pub wide: bool,
    /// `--show-labels`: a trailing `LABELS` column.
    pub show_labels: bool,
    /// `-L key` (repeatable): one column per key, before `LABELS`.
    pub label_columns: Vec<String>,
    /// `--no-headers`.
    pub no_headers: bool,
    /// Names as `kind/name` (`pod/web-0`, `statefulset.apps/web`), as `get all` prints them.
    pub show_kind: bool,
    /// `-A`: a leading `NAMESPACE` column. kubectl drops it for cluster-scoped kinds.
    pub namespace_column: bool,
}

/// The columns and cells of one kind, before kubectl's decorations.
pub(crate) struct KindTable {
    pub headers: Vec<&'static str>,
    /// Which column holds the object name (the one kubectl prefixes with the kind).
    pub name_column: Option<usize>,
    pub rows: Vec<Vec<String>>,
}

/// Prints `objects` (all of one kind, in the given order) as `kubectl get` does, ending with a
/// newline. An empty slice prints nothing: the caller reports [`no_resources`] on stderr.
pub fn print_table(objects: &[Rc<Object>], opts: &TableOptions, now: Time) -> String {
    let Some((headers, rows)) = table_cells(objects, opts, now) else {
        return String::new();
    };
    let mut text = String::new();
    if !opts.no_headers {
        text.push_str(&headers.join("\t"));
        text.push('\n');
    }
    for cells in rows {
        text.push_str(&cells.join("\t"));
        text.push('\n');
    }
    tabwriter::align(&text)
}

/// The header and the cells of each row that [`print_table`] aligns (for printers that lay
/// rows out one at a time, such as `get --watch`). `None` for an empty slice.
pub fn table_cells(
    objects: &[Rc<Object>],
    opts: &TableOptions,
    now: Time,
) -> Option<(Vec<String>, Vec<Vec<String>>)> {
    let first = objects.first()?;
    let kind = first.kind();
    let table = kind_table(kind, objects, opts.wide, now);
    let with_namespace = opts.namespace_column && kind.namespaced();

    let mut headers: Vec<String> = Vec::new();
    if with_namespace {
        headers.push("NAMESPACE".into());
    }
    headers.extend(table.headers.iter().map(|h| h.to_string()));
    headers.extend(opts.label_columns.iter().map(|l| label_header(l)));
    if opts.show_labels {
        headers.push("LABELS".into());
    }

    let mut rows = Vec::new();
    for (object, mut cells) in objects.iter().zip(table.rows) {
        let meta = object.meta();
        if opts.show_kind {
            if let Some(i) = table.name_column {
                cells[i] = format!("{}/{}", kind.qualified_singular(), cells[i]);
            }
        }
        if with_namespace {
            cells.insert(0, meta.namespace.to_string());
        }
        for key in &opts.label_columns {
            cells.push(
                meta.labels
                    .get(key)
                    .map(Name::to_string)
                    .unwrap_or_default(),
            );
        }
        if opts.show_labels {
            cells.push(or_none(labels_string(&meta.labels)));
        }
        // A cell containing a tab or newline would break the layout; kubectl's printer
        // replaces neither, but our cells never legitimately contain them.
        let cells: Vec<String> = cells
            .into_iter()
            .map(|c| c.replace(['\t', '\n'], " "))
            .collect();
        rows.push(cells);
    }
    Some((headers, rows))
}

fn kind_table(kind: Kind, objects: &[Rc<Object>], wide: bool, now: Time) -> KindTable {
    match kind {
        Kind::Pod => pods::table(objects, wide, now),
        Kind::StatefulSet | Kind::ControllerRevision => workloads::table(kind, objects, wide, now),
        Kind::PersistentVolumeClaim | Kind::PersistentVolume | Kind::StorageClass => {
            storage::table(kind, objects, wide, now)
        }
        _ => cluster::table(kind, objects, wide, now),
    }
}

/// `-L app.kubernetes.io/name` → `NAME`: the last path segment, upper-cased.
fn label_header(key: &str) -> String {
    key.rsplit('/').next().unwrap_or(key).to_ascii_uppercase()
}

/// The message for an empty list: `No resources found in default namespace.`, or
/// `No resources found` for `-A` and cluster-scoped kinds (pass `None`).
pub fn no_resources(namespace: Option<&str>) -> String {
    match namespace {
        Some(ns) => format!("No resources found in {ns} namespace."),
        None => "No resources found".to_string(),
    }
}

/// Sorts objects the way the API server lists them: by namespace, then name, byte-wise (etcd
/// key order), so `web-10` comes before `web-2` and events group by object.
pub fn server_order(objects: &mut [Rc<Object>]) {
    sts_core::sort::sort_by(objects, |a, b| {
        let (a, b) = (a.meta(), b.meta());
        (a.namespace.as_bytes(), a.name.as_bytes())
            .cmp(&(b.namespace.as_bytes(), b.name.as_bytes()))
    });
}

/// `translateTimestampSince`: the AGE of a timestamp as the API server serves it (whole
/// seconds), `<unknown>` when unset.
pub(crate) fn age(t: Option<Time>, now: Time) -> String {
    match t {
        Some(t) => human_duration(now - t.as_stored()),
        None => "<unknown>".to_string(),
    }
}

/// An empty string becomes `<none>`, as the printers do for optional lists.
pub(crate) fn or_none(s: String) -> String {
    if s.is_empty() {
        "<none>".to_string()
    } else {
        s
    }
}

/// Builds a [`KindTable`] whose name column is the first.
pub(crate) fn simple(
    headers: Vec<&'static str>,
    objects: &[Rc<Object>],
    row: impl Fn(&Object) -> Vec<String>,
) -> KindTable {
    KindTable {
        headers,
        name_column: Some(0),
        rows: objects.iter().map(|o| row(o)).collect(),
    }
}
