//! `kubectl get` (tables, `-o …`, `--watch`) and `kubectl events`.

use super::{targets, Ctx};
use crate::args::{boolean, val, Args, Flag};
use crate::printers::{self, table_cells, TableOptions};
use crate::resources::{self, Resource};
use crate::selector::Selector;
use crate::session::{list_in, WaitEnd};
use crate::template;
use serde_json::Value;
use std::collections::BTreeMap;
use std::rc::Rc;
use sts_core::api::{Kind, Object, ObjectKey};
use sts_core::cluster::Cluster;
use sts_core::time::{human_duration, Duration};
use sts_core::versions::ServerVersion;

const FLAGS: &[Flag] = &[
    val("output", Some('o')),
    val("selector", Some('l')),
    boolean("all-namespaces", Some('A')),
    boolean("watch", Some('w')),
    boolean("watch-only", None),
    boolean("show-labels", None),
    val("label-columns", Some('L')),
    val("sort-by", None),
    val("template", None),
    boolean("no-headers", None),
    val("filename", Some('f')),
    boolean("ignore-not-found", None),
    boolean("show-kind", None),
    val("chunk-size", None),
    val("field-selector", None),
];

/// How objects are to be printed.
#[derive(Clone, Debug)]
pub enum Format {
    Table(TableOptions),
    Json,
    Yaml,
    /// `-o kyaml` (kubectl 1.35+).
    Kyaml,
    Name,
    JsonPath(String),
    /// `-o jsonpath-as-json=…`: the values found, as a JSON array.
    JsonPathAsJson(String),
    GoTemplate(String),
    /// `-o custom-columns=HEADER:PATH,…`: headers and relaxed JSONPath expressions.
    CustomColumns {
        columns: Vec<(String, String)>,
        no_headers: bool,
    },
}

/// `-o custom-columns=SPEC`, as kubectl's `NewCustomColumnsPrinterFromSpec` reads it.
fn custom_columns_from_spec(spec: &str) -> Result<Vec<(String, String)>, String> {
    if spec.is_empty() {
        return Err("custom-columns format specified but no custom columns given".into());
    }
    spec.split(',')
        .map(|part| match part.split_once(':') {
            Some((header, path)) => Ok((header.to_string(), template::relaxed_jsonpath(path)?)),
            None => Err(format!(
                "unexpected custom-columns spec: {part}, expected <header>:<json-path-expr>"
            )),
        })
        .collect()
}

/// `-o custom-columns-file=FILE`: a line of headers and a line of paths, split on whitespace,
/// as kubectl's `NewCustomColumnsPrinterFromTemplate` reads them.
pub fn custom_columns_from_template(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut lines = text.lines();
    let format = "Expected format is one line of space separated headers, one line of space separated column specs.";
    let headers: Vec<&str> = lines
        .next()
        .ok_or(format!("invalid template, missing header line. {format}"))?
        .split_whitespace()
        .collect();
    let specs: Vec<&str> = lines
        .next()
        .ok_or(format!("invalid template, missing spec line. {format}"))?
        .split_whitespace()
        .collect();
    if headers.len() != specs.len() {
        return Err(format!(
            "number of headers ({}) and field specifications ({}) don't match",
            headers.len(),
            specs.len()
        ));
    }
    headers
        .into_iter()
        .zip(specs)
        .map(|(h, p)| Ok((h.to_string(), template::relaxed_jsonpath(p)?)))
        .collect()
}

/// The custom-columns printer: a header line (unless `--no-headers`), then one line per
/// object, each cell the values its path finds joined with `,` (`<none>` when none).
fn print_custom_columns(
    columns: &[(String, String)],
    no_headers: bool,
    objects: &[Rc<Object>],
) -> Result<String, String> {
    let mut text = String::new();
    if !no_headers {
        let headers: Vec<&str> = columns.iter().map(|(h, _)| h.as_str()).collect();
        text.push_str(&headers.join("\t"));
        text.push('\n');
    }
    for object in objects {
        let data = object.to_json();
        let mut cells = Vec::new();
        for (_, path) in columns {
            let found = template::find_results(path, &data)?;
            cells.push(if found.is_empty() {
                "<none>".to_string()
            } else {
                found
                    .into_iter()
                    .map(template::go_print)
                    .collect::<Vec<_>>()
                    .join(",")
            });
        }
        text.push_str(&cells.join("\t"));
        text.push('\n');
    }
    Ok(printers::tabwriter::TabWriter::kubectl().format(&text))
}

/// The output formats `-o` takes besides tables, as kubectl lists them when it takes none of
/// them (`kyaml` from 1.35).
pub fn formats(version: ServerVersion) -> &'static str {
    if version.kubectl_kyaml() {
        "go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,kyaml,name,template,templatefile,yaml"
    } else {
        "go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml"
    }
}

/// Reads `-o`, `--template` and the table flags; errors are kubectl's text.
pub fn format(args: &Args, version: ServerVersion) -> Result<Format, String> {
    let table = TableOptions {
        wide: args.get("output") == Some("wide"),
        show_labels: args.on("show-labels"),
        label_columns: args.all("label-columns"),
        no_headers: args.on("no-headers"),
        show_kind: args.on("show-kind"),
        namespace_column: args.on("all-namespaces"),
    };
    let output = args.get("output").unwrap_or("");
    let (name, arg) = match output.split_once('=') {
        Some((n, a)) => (n, Some(a.to_string())),
        None => (output, None),
    };
    let template_flag = args.get("template").map(str::to_string);
    Ok(match name {
        "" if template_flag.is_some() => Format::GoTemplate(template_flag.unwrap_or_default()),
        "" | "wide" => Format::Table(table),
        "json" => Format::Json,
        "yaml" => Format::Yaml,
        "kyaml" if version.kubectl_kyaml() => Format::Kyaml,
        "name" => Format::Name,
        "jsonpath" => Format::JsonPath(
            arg.or(template_flag)
                .ok_or("template format specified but no template given")?,
        ),
        "custom-columns" => Format::CustomColumns {
            columns: custom_columns_from_spec(arg.as_deref().unwrap_or_default())?,
            no_headers: args.on("no-headers"),
        },
        "jsonpath-as-json" => Format::JsonPathAsJson(
            arg.or(template_flag)
                .ok_or("template format specified but no template given")?,
        ),
        "go-template" | "template" => Format::GoTemplate(
            arg.or(template_flag)
                .ok_or("template format specified but no template given")?,
        ),
        other => {
            return Err(format!(
                "unable to match a printer suitable for the output format \"{other}\", allowed formats are: custom-columns,custom-columns-file,{},wide,yaml",
                formats(version).trim_end_matches(",yaml")
            ))
        }
    })
}

/// Prints objects (already chosen and ordered) in a non-table format.
pub fn print_structured(
    format: &Format,
    objects: &[Rc<Object>],
    list_request: bool,
) -> Result<String, String> {
    match format {
        Format::Name => Ok(printers::print_name(objects)),
        Format::CustomColumns {
            columns,
            no_headers,
        } => print_custom_columns(columns, *no_headers, objects),
        Format::Table(_) => unreachable!("tables are printed by the caller"),
        _ => print_value(
            format,
            &printers::structured::output_value(objects, list_request),
        ),
    }
}

/// Prints one value (an object, or a `List`) as `-o json|yaml|jsonpath=…|go-template=…` do.
pub fn print_value(format: &Format, data: &Value) -> Result<String, String> {
    Ok(match format {
        Format::Json => printers::structured::to_json(data) + "\n",
        Format::Yaml => printers::yaml::to_yaml(data),
        Format::Kyaml => printers::kyaml::to_kyaml(data),
        Format::JsonPath(t) | Format::JsonPathAsJson(t) => {
            let result = match format {
                Format::JsonPathAsJson(_) => template::jsonpath_values(t, data)
                    .map(|v| printers::structured::to_json(&v) + "\n"),
                _ => template::jsonpath_checked(t, data),
            };
            match result {
                Ok(text) => text,
                // `NewJSONPathPrinter`: "error parsing jsonpath %s, %v".
                Err(template::JsonPathError::Parse(e)) => {
                    return Err(format!("error parsing jsonpath {t}, {e}"))
                }
                // kubectl's JSONPath printer shows the template and the object it failed on.
                Err(template::JsonPathError::Execute(e)) => {
                    return Err(format!(
                        "error executing jsonpath {t:?}: Error executing template: {e}. Printing more information for debugging the template:\n\ttemplate was:\n\t\t{t}\n\tobject given to jsonpath engine was:\n\t\t{}\n\n\n",
                        template::go_syntax(data)
                    ))
                }
            }
        }
        Format::GoTemplate(t) => match template::go_template_checked(t, data) {
            Ok(text) => text,
            Err(template::JsonPathError::Parse(e)) => {
                return Err(format!("error parsing template {t}, {e}"))
            }
            Err(template::JsonPathError::Execute(e)) => {
                return Err(format!("error executing template {t:?}: {e}"))
            }
        },
        Format::Name | Format::CustomColumns { .. } | Format::Table(_) => {
            unreachable!("printed from objects by print_structured")
        }
    })
}

pub fn get(ctx: &mut Ctx, words: &[String]) {
    let Some(args) = ctx.args(words, FLAGS) else {
        return;
    };
    let file_columns = args
        .get("output")
        .and_then(|o| o.strip_prefix("custom-columns-file="))
        .map(|path| match ctx.files.read(path) {
            Some(text) => custom_columns_from_template(&text),
            None => Err(format!(
                "error reading template {path}, open {path}: no such file or directory"
            )),
        });
    let format = match file_columns {
        Some(columns) => columns.map(|columns| Format::CustomColumns {
            columns,
            no_headers: args.on("no-headers"),
        }),
        None => format(&args, ctx.session.cluster().config.version()),
    };
    let format = match format {
        Ok(f) => f,
        Err(e) => return ctx.fail(e),
    };
    let Ok(selector) = ctx.selector(&args) else {
        return;
    };
    let all_ns = args.on("all-namespaces");
    let ns = ctx.namespace(&args);
    let namespace = (!all_ns).then_some(ns.as_str());
    if args.positionals.is_empty() && args.get("filename").is_none() {
        ctx.out.err(
            "You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples",
        );
        ctx.out.code = 1;
        return;
    }
    let targets = if let Some(path) = args.get("filename") {
        match super::apply::objects_in_file(ctx, path, &ns) {
            Some(found) => found,
            None => return,
        }
    } else {
        match targets(ctx, &args.positionals, namespace, selector.as_ref()) {
            Some(t) => t,
            None => return,
        }
    };
    if args.on("ignore-not-found") && ctx.out.code != 0 {
        ctx.out.chunks.retain(|(_, t)| !t.contains("(NotFound)"));
        ctx.out.code = 0;
    }
    if args.on("watch") || args.on("watch-only") {
        return watch(ctx, &args, targets, selector, namespace, format);
    }
    let mut groups = targets.groups;
    if let Some(fields) = args.get("field-selector") {
        let requirements = match parse_field_selector(fields) {
            Ok(r) => r,
            Err(e) => return ctx.fail(e),
        };
        for (kind, list) in &mut groups {
            if let Some(bad) = requirements
                .iter()
                .find(|r| !field_label_supported(*kind, &r.0))
            {
                // The API server refuses the list; kubectl's resource builder says which one.
                let (group, version) = kind
                    .api_version()
                    .rsplit_once('/')
                    .unwrap_or(("", kind.api_version()));
                // The resource as `GroupVersionResource.String()` writes it.
                ctx.out.err(format!(
                    "Error from server (BadRequest): Unable to find \"{group}/{version}, Resource={}\" that match label selector \"{}\", field selector \"{fields}\": field label not supported: {}",
                    kind.resource(),
                    args.get("selector").unwrap_or_default(),
                    bad.0
                ));
                ctx.out.code = 1;
                return;
            }
            list.retain(|o| {
                let data = o.to_json();
                requirements
                    .iter()
                    .all(|(field, equal, value)| (field_value(&data, field) == *value) == *equal)
            });
        }
    }
    if let Some(path) = args.get("sort-by") {
        for (_, list) in &mut groups {
            if let Err(e) = sort_by(list, path) {
                return ctx.fail(e);
            }
        }
    }
    let list_request = !targets.named || groups.iter().map(|(_, l)| l.len()).sum::<usize>() != 1;
    match &format {
        Format::Table(opts) => {
            let mut opts = opts.clone();
            opts.show_kind |= targets.several_kinds;
            let mut printed = Vec::new();
            for (_, list) in &groups {
                if list.is_empty() {
                    continue;
                }
                printed.push(printers::print_table(list, &opts, ctx.session.now()));
            }
            if printed.is_empty() {
                if !targets.named {
                    let cluster_scoped = groups.iter().all(|(k, _)| !k.namespaced());
                    ctx.out.err(printers::no_resources(
                        namespace.filter(|_| !cluster_scoped),
                    ));
                }
                return;
            }
            ctx.out.out(printed.join("\n"));
        }
        other => {
            let objects: Vec<Rc<Object>> = groups.into_iter().flat_map(|(_, l)| l).collect();
            if objects.is_empty() && targets.named {
                return;
            }
            match print_structured(other, &objects, list_request) {
                Ok(text) => ctx.out.raw(text),
                Err(e) => ctx.fail(e),
            }
        }
    }
}

/// `--field-selector`: `field=value`, `field==value` and `field!=value`, comma-separated, as
/// `fields.ParseSelector` reads them: (field, equal, value).
fn parse_field_selector(text: &str) -> Result<Vec<(String, bool, String)>, String> {
    text.split(',')
        .filter(|part| !part.trim().is_empty())
        .map(|part| {
            let (field, equal, value) = if let Some((f, v)) = part.split_once("!=") {
                (f, false, v)
            } else if let Some((f, v)) = part.split_once("==") {
                (f, true, v)
            } else if let Some((f, v)) = part.split_once('=') {
                (f, true, v)
            } else {
                return Err(format!(
                    "invalid selector: '{text}'; can't understand '{part}'"
                ));
            };
            Ok((field.trim().to_string(), equal, value.trim().to_string()))
        })
        .collect()
}

/// The fields the API server lets a list be selected on, per kind (each registry's
/// `GetAttrs`/field label conversion): every kind has its name and namespace.
fn field_label_supported(kind: Kind, field: &str) -> bool {
    const POD: &[&str] = &[
        "spec.nodeName",
        "spec.restartPolicy",
        "spec.schedulerName",
        "spec.serviceAccountName",
        "spec.hostNetwork",
        "status.phase",
        "status.podIP",
        "status.nominatedNodeName",
    ];
    const EVENT: &[&str] = &[
        "involvedObject.kind",
        "involvedObject.namespace",
        "involvedObject.name",
        "involvedObject.uid",
        "involvedObject.apiVersion",
        "involvedObject.resourceVersion",
        "involvedObject.fieldPath",
        "reason",
        "reportingComponent",
        "source",
        "type",
    ];
    matches!(field, "metadata.name" | "metadata.namespace")
        || match kind {
            Kind::Pod => POD.contains(&field),
            Kind::Event => EVENT.contains(&field),
            Kind::Node => field == "spec.unschedulable",
            Kind::Namespace => field == "status.phase",
            Kind::Secret => field == "type",
            _ => false,
        }
}

/// A field's value as a field selector compares it: text, `true`/`false`, or empty when unset
/// (`spec.hostNetwork` of a pod without one is `false`).
fn field_value(data: &serde_json::Value, field: &str) -> String {
    if field == "source" {
        return data["source"]["component"]
            .as_str()
            .unwrap_or_default()
            .to_string();
    }
    let mut v = data;
    for part in field.split('.') {
        v = &v[part];
    }
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Bool(b) => b.to_string(),
        serde_json::Value::Null
            if field.ends_with("hostNetwork") || field.ends_with("unschedulable") =>
        {
            "false".into()
        }
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// `--sort-by=.metadata.creationTimestamp`: a stable sort on one field.
fn sort_by(list: &mut [Rc<Object>], path: &str) -> Result<(), String> {
    let mut keyed = Vec::new();
    for o in list.iter() {
        let key = template::sort_key(path, &o.to_json())?;
        keyed.push((key, o.clone()));
    }
    // `SortObjects`: a field no object has is an error, not an order.
    if !keyed.is_empty() && keyed.iter().all(|(k, _)| k.is_none()) {
        let shown = template::relaxed_jsonpath(path).unwrap_or_else(|_| path.to_string());
        return Err(format!(
            "couldn't find any field with path \"{shown}\" in the list of objects"
        ));
    }
    sts_core::sort::sort_by(&mut keyed, |(a, _), (b, _)| compare(a.as_ref(), b.as_ref()));
    for (slot, (_, o)) in list.iter_mut().zip(keyed) {
        *slot = o;
    }
    Ok(())
}

fn compare(a: Option<&Value>, b: Option<&Value>) -> std::cmp::Ordering {
    match (a, b) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => x
            .as_f64()
            .partial_cmp(&y.as_f64())
            .unwrap_or(std::cmp::Ordering::Equal),
        (Some(Value::String(x)), Some(Value::String(y))) => x.cmp(y),
        (None, Some(_)) => std::cmp::Ordering::Less,
        (Some(_), None) => std::cmp::Ordering::Greater,
        _ => std::cmp::Ordering::Equal,
    }
}

/// A `kubectl get --watch`: the table first, then one row per change of a watched object,
/// each row padded on its own against the widest cells seen so far (why watch output looks
/// ragged). The page's watch pane uses the same type.
#[derive(Clone, Debug)]
pub struct Watch {
    kind: Kind,
    namespace: Option<String>,
    selector: Option<Selector>,
    /// Only these names (empty: every object of the kind).
    names: Vec<String>,
    opts: TableOptions,
    widths: Vec<usize>,
    /// The last version seen of each object, by key (one kind: namespace, then name).
    seen: BTreeMap<ObjectKey, Rc<Object>>,
}

impl Watch {
    pub fn new(
        kind: Kind,
        namespace: Option<&str>,
        selector: Option<Selector>,
        names: Vec<String>,
        opts: TableOptions,
    ) -> Watch {
        Watch {
            kind,
            namespace: namespace.map(str::to_string),
            selector,
            names,
            opts,
            widths: Vec::new(),
            seen: BTreeMap::new(),
        }
    }

    fn current(&self, cluster: &Cluster) -> Vec<Rc<Object>> {
        let mut list = list_in(cluster, self.kind, self.namespace.as_deref());
        list.retain(|o| {
            let meta = o.meta();
            (self.names.is_empty() || self.names.iter().any(|n| *n == meta.name))
                && self
                    .selector
                    .as_ref()
                    .is_none_or(|s| s.matches(&meta.labels))
        });
        list
    }

    /// The initial listing (header and current rows); `print` false records without printing
    /// (`--watch-only`).
    pub fn start(&mut self, cluster: &Cluster, print: bool) -> String {
        let list = self.current(cluster);
        for o in &list {
            self.seen.insert(o.key(), o.clone());
        }
        if !print || list.is_empty() {
            return String::new();
        }
        let Some((header, rows)) = table_cells(&list, &self.opts, cluster.now()) else {
            return String::new();
        };
        // The first listing is aligned as one table.
        for row in std::iter::once(&header).chain(&rows) {
            self.widen(row);
        }
        let mut out = String::new();
        if !self.opts.no_headers {
            out.push_str(&self.line(&header));
        }
        for row in &rows {
            out.push_str(&self.line(row));
        }
        out
    }

    /// Rows for every watched object that changed (or went away) since the last call.
    pub fn poll(&mut self, cluster: &Cluster) -> String {
        let list = self.current(cluster);
        let mut changed: Vec<Rc<Object>> = Vec::new();
        let mut present = std::collections::BTreeSet::new();
        for o in &list {
            let meta = o.meta();
            let key = o.key();
            present.insert(key.clone());
            match self.seen.get(&key) {
                Some(old)
                    if old.meta().resource_version == meta.resource_version
                        && old.meta().uid == meta.uid => {}
                _ => {
                    self.seen.insert(key, o.clone());
                    changed.push(o.clone());
                }
            }
        }
        let gone: Vec<ObjectKey> = self
            .seen
            .keys()
            .filter(|k| !present.contains(*k))
            .cloned()
            .collect();
        for key in gone {
            if let Some(o) = self.seen.remove(&key) {
                changed.push(o);
            }
        }
        let mut out = String::new();
        for o in changed {
            let Some((header, rows)) = table_cells(&[o], &self.opts, cluster.now()) else {
                continue;
            };
            if self.widths.is_empty() {
                // The header goes out with the first row, aligned with it.
                self.widen(&header);
                for row in &rows {
                    self.widen(row);
                }
                if !self.opts.no_headers {
                    out.push_str(&self.line(&header));
                }
            }
            for row in rows {
                self.widen(&row);
                out.push_str(&self.line(&row));
            }
        }
        out
    }

    fn widen(&mut self, cells: &[String]) {
        for (i, cell) in cells.iter().enumerate() {
            let width = (cell.chars().count() + 3).max(6);
            match self.widths.get_mut(i) {
                Some(w) => *w = (*w).max(width),
                None => self.widths.push(width),
            }
        }
    }

    fn line(&self, cells: &[String]) -> String {
        let mut line = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                line.push_str(cell);
            } else {
                line.push_str(cell);
                let pad = self.widths[i].saturating_sub(cell.chars().count());
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        let mut line = line.trim_end().to_string();
        line.push('\n');
        line
    }
}

fn watch(
    ctx: &mut Ctx,
    args: &Args,
    targets: super::Targets,
    selector: Option<Selector>,
    namespace: Option<&str>,
    format: Format,
) {
    let Format::Table(opts) = format else {
        ctx.fail("--watch is supported here only with table output (the default or -o wide)");
        return;
    };
    if targets.groups.len() != 1 {
        ctx.fail("you may only specify a single resource type");
        return;
    }
    let (kind, found) = &targets.groups[0];
    let names: Vec<String> = if targets.named {
        found.iter().map(|o| o.meta().name.to_string()).collect()
    } else {
        Vec::new()
    };
    if targets.named && names.is_empty() {
        return;
    }
    let mut w = Watch::new(*kind, namespace, selector, names, opts);
    let first = w.start(ctx.session.cluster(), !args.on("watch-only"));
    ctx.out.out(first);
    if ctx.session.detach_watches {
        ctx.session.detached_watch = Some(w);
        return;
    }
    let mut text = String::new();
    let end = ctx.session.wait(None, &mut |_| false, &mut |cluster| {
        text.push_str(&w.poll(cluster));
    });
    ctx.out.out(text);
    if end == WaitEnd::Stopped {
        ctx.out
            .note(crate::session::stopped_note(ctx.session.cluster()));
    }
    if end == WaitEnd::Timeout {
        ctx.out.note(format!(
            "the watch stopped after {} of simulated time: the cluster keeps changing (a crash loop or back-off never settles)",
            crate::session::WAIT_CAP
        ));
    }
}

pub fn events(ctx: &mut Ctx, words: &[String]) {
    const EVENT_FLAGS: &[Flag] = &[
        boolean("all-namespaces", Some('A')),
        val("for", None),
        val("types", None),
        boolean("watch", Some('w')),
        boolean("no-headers", None),
        val("output", Some('o')),
    ];
    let Some(args) = ctx.args(words, EVENT_FLAGS) else {
        return;
    };
    let all_ns = args.on("all-namespaces");
    let ns = ctx.namespace(&args);
    let mut list = ctx
        .session
        .list(Kind::Event, (!all_ns).then_some(ns.as_str()));
    if let Some(target) = args.get("for") {
        let (kind, name) = match target.split_once('/') {
            Some((t, n)) => match resources::resolve(t) {
                Ok(Resource::One(k)) => (Some(k), n.to_string()),
                _ => return ctx.fail(format!("the server doesn't have a resource type \"{t}\"")),
            },
            None => (None, target.to_string()),
        };
        list.retain(|o| match &**o {
            Object::Event(e) => {
                e.involved_object.name == name
                    && kind.is_none_or(|k| e.involved_object.kind == k.name())
            }
            _ => false,
        });
    }
    let types = args.all("types");
    if !types.is_empty() {
        list.retain(|o| match &**o {
            Object::Event(e) => types.iter().any(|t| t == &e.type_),
            _ => false,
        });
    }
    if list.is_empty() {
        match all_ns {
            true => ctx.out.err("No events found."),
            false => ctx.out.err(format!("No events found in {ns} namespace.")),
        }
        return;
    }
    // Sorted by time, as `kubectl events` does.
    sts_core::sort::sort_by_key(&mut list, |o| match &**o {
        Object::Event(e) => e
            .last_timestamp
            .or(e.first_timestamp)
            .or(e.metadata.creation_timestamp),
        _ => None,
    });
    let now = ctx.session.now();
    let mut text = String::new();
    if !args.on("no-headers") {
        if all_ns {
            text.push_str("NAMESPACE\t");
        }
        text.push_str("LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE\n");
    }
    for o in &list {
        let Object::Event(e) = &**o else { continue };
        let seen = e
            .last_timestamp
            .or(e.first_timestamp)
            .map(|t| human_duration(now - t.as_stored()))
            .unwrap_or_else(|| "<unknown>".into());
        let seen = match (e.count, e.first_timestamp) {
            (c, Some(first)) if c > 1 => {
                format!(
                    "{seen} (x{c} over {})",
                    human_duration(now - first.as_stored())
                )
            }
            _ => seen,
        };
        if all_ns {
            text.push_str(&format!("{}\t", e.metadata.namespace));
        }
        text.push_str(&format!(
            "{seen}\t{}\t{}\t{}/{}\t{}\n",
            e.type_,
            e.reason,
            e.involved_object.kind,
            e.involved_object.name,
            e.message.trim()
        ));
    }
    ctx.out.out(printers::tabwriter::align(&text));
    let _ = Duration::ZERO;
}
