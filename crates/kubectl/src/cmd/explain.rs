//! `kubectl explain`: the documentation of a kind or a field, rendered from the API server's
//! OpenAPI v3 documents as kubectl's `plaintext` template renders it
//! (`k8s.io/kubectl/pkg/explain/v2/templates/plaintext.tmpl`).
//!
//! The documents are data, not code: the host hands them over ([`Files::openapi`]) — the page
//! fetches `openapi/v1.MINOR.json` the first time a learner explains something, `stsplay`
//! carries them. Each template of kubectl's is one function here, named after it, walking the
//! JSON the way the template walks it (Go's truthiness: an empty map, list or string is false).
//!
//! [`Files::openapi`]: crate::session::Files::openapi

use super::Ctx;
use crate::args::{boolean, val, Flag};
use crate::resources::{self, Resource};
use serde_json::{Map, Value};
use std::collections::BTreeSet;
use sts_core::api::Kind;

const FLAGS: &[Flag] = &[
    boolean("recursive", None),
    val("api-version", None),
    val("output", None),
];

/// The OpenAPI v3 documents of one Kubernetes minor, as `www/openapi/v1.MINOR.json` holds
/// them: every schema the simulated kinds reach, and each group version's paths.
pub struct Documents {
    schemas: Map<String, Value>,
    group_versions: Map<String, Value>,
}

impl Documents {
    /// Reads the documents' JSON text, or says why it cannot.
    pub fn parse(text: &str) -> Result<Documents, String> {
        let Value::Object(mut root) = serde_json::from_str(text).map_err(|e| e.to_string())? else {
            return Err("not a JSON object".into());
        };
        let mut take = |key: &str| match root.remove(key) {
            Some(Value::Object(m)) => Ok(m),
            _ => Err(format!("no \"{key}\" object")),
        };
        Ok(Documents {
            schemas: take("schemas")?,
            group_versions: take("groupVersions")?,
        })
    }

    /// The schema a `#/components/schemas/NAME` reference names (kubectl's `resolveRef`).
    fn resolve(&self, reference: Option<&Value>) -> Option<&Map<String, Value>> {
        let name = reference?.as_str()?.strip_prefix("#/components/schemas/")?;
        self.schemas.get(name)?.as_object()
    }
}

pub fn explain(ctx: &mut Ctx, words: &[String]) {
    let Some(args) = ctx.args(words, FLAGS) else {
        return;
    };
    match args.get("output") {
        None | Some("plaintext") => {}
        Some("plaintext-openapiv2") => {
            return ctx.fail(
                "the playground serves only OpenAPI v3: use --output=plaintext (the default)",
            )
        }
        Some(other) => return ctx.fail(format!("unrecognized format: {other}")),
    }
    let target = match args.positionals.as_slice() {
        [] => {
            return ctx.fail("You must specify the type of resource to explain. Use \"kubectl api-resources\" for a complete list of supported resources.\n")
        }
        [one] => one.trim_end_matches('.'),
        _ => return ctx.fail("We accept only this format: explain RESOURCE\n"),
    };
    let (first, _) = target.split_once('.').unwrap_or((target, ""));
    let kind = match resources::resolve(first) {
        Ok(Resource::One(kind)) => kind,
        _ => {
            ctx.out.err(format!(
                "the server doesn't have a resource type \"{first}\""
            ));
            ctx.out.code = 1;
            return;
        }
    };
    // kubectl takes `statefulsets.apps.spec` as the resource `statefulsets.apps` and the field
    // `spec`; any other spelling's first word is the resource.
    let qualified = match kind.group() {
        "" => kind.resource().to_string(),
        group => format!("{}.{group}", kind.resource()),
    };
    let rest = match target.strip_prefix(&qualified) {
        Some(rest) => rest,
        None => &target[first.len()..],
    };
    let path: Vec<&str> = match rest.strip_prefix('.') {
        Some(fields) => fields.split('.').collect(),
        None => Vec::new(),
    };
    let (group, version) = match args.get("api-version") {
        None => (kind.group().to_string(), "v1".to_string()),
        Some(gv) => match gv.split_once('/') {
            None => (String::new(), gv.to_string()),
            Some((_, v)) if v.contains('/') => {
                return ctx.fail(format!("unexpected GroupVersion string: {gv}"))
            }
            Some((g, v)) => (g.to_string(), v.to_string()),
        },
    };
    let minor = ctx.session.minor();
    let Some(docs) = ctx.files.openapi(minor) else {
        return ctx.fail(format!(
            "the OpenAPI documents of Kubernetes 1.{minor} could not be loaded, so explain has nothing to read"
        ));
    };
    let gvr = format!("{group}/{version}, Resource={}", kind.resource());
    let gv_path = match group.as_str() {
        "" => format!("api/{version}"),
        g => format!("apis/{g}/{version}"),
    };
    let Some(entry) = docs.group_versions.get(&gv_path) else {
        return ctx.fail(format!("couldn't find resource for \"{gvr}\""));
    };
    match render(
        docs,
        entry,
        (&group, &version, kind),
        &path,
        args.on("recursive"),
    ) {
        Ok(text) => ctx.out.raw(text),
        Err((printed, message)) => {
            ctx.out.raw(printed);
            ctx.fail(message);
        }
    }
}

/// The template's top level: the kind's GVK from the group version's paths, the header, then
/// the `schema` template. An error carries what was printed before it.
fn render(
    docs: &Documents,
    entry: &Value,
    (group, version, kind): (&str, &str, Kind),
    path: &[&str],
    recursive: bool,
) -> Result<String, (String, String)> {
    let resource = kind.resource();
    let paths = entry.get("paths").and_then(Value::as_object);
    let prefix = match group {
        "" => "/api".to_string(),
        g => format!("/apis/{g}"),
    };
    let searched = [
        format!("{prefix}/{version}/{resource}"),
        format!("{prefix}/{version}/{resource}/{{name}}"),
        format!("{prefix}/{version}/namespaces/{{namespace}}/{resource}"),
        format!("{prefix}/{version}/namespaces/{{namespace}}/{resource}/{{name}}"),
    ];
    let gvk = searched.iter().find_map(|p| {
        let element = paths?.get(p)?;
        ["get", "post", "put", "patch", "delete"]
            .iter()
            .find_map(|m| element.get(*m)?.get("x-kubernetes-group-version-kind"))
    });
    let Some(gvk) = gvk.filter(|g| truthy(g)) else {
        return Err((
            String::new(),
            format!("GVR ({group}/{version}, Resource={resource}) not found in OpenAPI schema"),
        ));
    };
    let field = |k: &str| gvk.get(k).and_then(Value::as_str).unwrap_or_default();
    let mut out = String::new();
    if !field("group").is_empty() {
        out.push_str(&format!("GROUP:      {}\n", field("group")));
    }
    out.push_str(&format!("KIND:       {}\n", field("kind")));
    out.push_str(&format!("VERSION:    {}\n\n", field("version")));
    let schema = docs.schemas.values().find(|s| {
        s.get("x-kubernetes-group-version-kind")
            .and_then(Value::as_array)
            .is_some_and(|list| list.contains(gvk))
    });
    let walk = Walk { docs, recursive };
    if let Some(schema) = schema {
        let body = walk.output(schema, &BTreeSet::new(), path);
        if body.is_empty() {
            let last = path.last().copied().unwrap_or_default();
            return Err((out, format!("field \"{last}\" does not exist")));
        }
        out.push_str(&body);
    } else {
        return Err((
            out,
            format!("GVK {} not found in OpenAPI schema", go_map(gvk)),
        ));
    }
    out.push('\n');
    Ok(out)
}

/// Go's `%v` of a map: `map[group:apps kind:StatefulSet version:v1]`.
fn go_map(value: &Value) -> String {
    let entries: Vec<String> = value
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| format!("{k}:{}", v.as_str().unwrap_or_default()))
                .collect()
        })
        .unwrap_or_default();
    format!("map[{}]", entries.join(" "))
}

/// Go template truthiness: false, 0, nil and empty strings, maps and lists are false.
fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64() != Some(0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(m) => !m.is_empty(),
    }
}

/// A key of a schema when it is there and true.
fn key<'a>(schema: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    schema.get(name).filter(|v| truthy(v))
}

/// `additionalProperties` when it is a schema (not `true`/`false`).
fn map_values(schema: &Map<String, Value>) -> Option<&Map<String, Value>> {
    key(schema, "additionalProperties")?.as_object()
}

struct Walk<'a> {
    docs: &'a Documents,
    recursive: bool,
}

impl<'a> Walk<'a> {
    /// `or (resolveRef $ref) $schema`.
    fn resolved(&self, schema: &'a Map<String, Value>) -> &'a Map<String, Value> {
        self.docs
            .resolve(schema.get("$ref"))
            .filter(|m| !m.is_empty())
            .unwrap_or(schema)
    }

    /// The `output` template: follows the field path, then prints the description and the
    /// fields. Empty when the path leads nowhere.
    fn output(&self, schema: &'a Value, history: &BTreeSet<String>, path: &[&str]) -> String {
        let empty = Map::new();
        let schema = schema.as_object().unwrap_or(&empty);
        let reference = schema
            .get("$ref")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let mut next = history.clone();
        next.insert(reference.to_string());
        let resolved = self.resolved(schema);
        let mut out = String::new();
        if path.is_empty() {
            out.push_str("DESCRIPTION:\n");
            let description = self.description(resolved);
            let description = if description.is_empty() {
                "<empty>".to_string()
            } else {
                description
            };
            out.push_str(&indent(4, &wrap(76, &description)));
            out.push('\n');
            out.push_str(&external_docs(resolved, None));
            let fields = self.field_list(resolved, 1, &BTreeSet::new());
            if !fields.is_empty() {
                out.push_str("FIELDS:\n");
                out.push_str(&fields);
            }
        } else if !reference.is_empty() && history.contains(reference) {
            // A cycle: nothing.
        } else if let Some(sub) = key(resolved, "properties")
            .and_then(|p| p.get(path[0]))
            .filter(|s| truthy(s))
        {
            if path.len() == 1 {
                out.push_str(&format!("FIELD: {} <{}>\n", path[0], self.type_guess(sub)));
                out.push_str(&extract_enum(sub, true, -1, 0));
                out.push_str("\n\n");
            }
            out.push_str(&self.output(sub, &BTreeSet::new(), &path[1..]));
        } else if let Some(items) = key(resolved, "items") {
            out.push_str(&self.output(items, &next, path));
        } else if let Some(values) = resolved
            .get("additionalProperties")
            .filter(|v| v.is_object() && truthy(v))
        {
            out.push_str(&self.output(values, &next, path));
        } else if let Some(Value::Array(all)) = resolved.get("allOf") {
            for sub in all {
                let text = self.output(sub, &next, path);
                if !text.is_empty() {
                    out.push_str(&text);
                    break;
                }
            }
        }
        out
    }

    /// The `fieldList` template: each property (sorted, as Go ranges over a map), and in
    /// recursive mode the fields under it, two spaces deeper.
    fn field_list(
        &self,
        schema: &'a Map<String, Value>,
        level: usize,
        history: &BTreeSet<String>,
    ) -> String {
        let reference = schema
            .get("$ref")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if !reference.is_empty() && history.contains(reference) {
            return String::new();
        }
        let mut next = history.clone();
        next.insert(reference.to_string());
        let resolved = self.resolved(schema);
        let mut out = String::new();
        if let Some(Value::Object(properties)) = key(resolved, "properties") {
            let mut names: Vec<&String> = properties.keys().collect();
            names.sort();
            for name in names {
                out.push_str(&self.field_detail(name, resolved, level));
                if self.recursive {
                    if let Some(sub) = properties[name].as_object() {
                        out.push_str(&self.field_list(sub, level + 1, &next));
                    }
                }
            }
        }
        if let Some(Value::Array(all)) = key(resolved, "allOf") {
            for sub in all.iter().filter_map(Value::as_object) {
                out.push_str(&self.field_list(sub, level, &next));
            }
        }
        if let Some(Value::Object(items)) = key(resolved, "items") {
            out.push_str(&self.field_list(items, level, &next));
        }
        if let Some(values) = map_values(resolved) {
            out.push_str(&self.field_list(values, level, &next));
        }
        out
    }

    /// The `fieldDetail` template: `name<TAB><type>`, `-required-`, the enum, and (unless
    /// recursive) the description wrapped to 78 columns less the indent.
    fn field_detail(&self, name: &str, parent: &Map<String, Value>, level: usize) -> String {
        let amount = level * 2;
        let field = parent
            .get("properties")
            .and_then(|p| p.get(name))
            .unwrap_or(&Value::Null);
        let mut out = indent(amount, name);
        out.push_str(&format!("\t<{}>", self.type_guess(field)));
        let required = parent
            .get("required")
            .and_then(Value::as_array)
            .is_some_and(|r| r.iter().any(|n| n.as_str() == Some(name)));
        if required {
            out.push_str(" -required-");
        }
        out.push_str(&extract_enum(field, false, 4, amount));
        out.push('\n');
        if !self.recursive {
            let description = field
                .get("description")
                .and_then(Value::as_str)
                .filter(|d| !d.is_empty())
                .unwrap_or("<no description>");
            out.push_str(&indent(amount + 2, &wrap(78 - amount, description)));
            out.push('\n');
            if let Some(field) = field.as_object() {
                out.push_str(&external_docs(field, Some(amount)));
            }
            out.push('\n');
        }
        out
    }

    /// The `description` template: the schema's description, then its `allOf`'s, its items'
    /// and its map values', each followed by a newline.
    fn description(&self, schema: &'a Map<String, Value>) -> String {
        let resolved = self.resolved(schema);
        let mut out = String::new();
        if resolved.is_empty() {
            return out;
        }
        if let Some(Value::String(d)) = key(resolved, "description") {
            out.push_str(d);
            out.push('\n');
        }
        if let Some(Value::Array(all)) = key(resolved, "allOf") {
            for sub in all.iter().filter_map(Value::as_object) {
                out.push_str(&self.description(sub));
            }
        }
        if let Some(Value::Object(items)) = key(resolved, "items") {
            out.push_str(&self.description(items));
        }
        if let Some(values) = map_values(resolved) {
            out.push_str(&self.description(values));
        }
        out
    }

    /// The `typeGuess` template: `string`, `[]Container`, `map[string]string`, `Object`…
    fn type_guess(&self, schema: &Value) -> String {
        let Some(schema) = schema.as_object().filter(|m| !m.is_empty()) else {
            return "Object".to_string();
        };
        let type_of = |s: &Map<String, Value>| match s.get("type") {
            Some(Value::String(t)) if !t.is_empty() => Some(t.clone()),
            _ => None,
        };
        if let Some(items) = key(schema, "items") {
            return format!("[]{}", self.type_guess(items));
        }
        if let Some(values) = schema
            .get("additionalProperties")
            .filter(|v| v.is_object() && truthy(v))
        {
            return format!("map[string]{}", self.type_guess(values));
        }
        if let (Some(Value::Array(all)), None) = (key(schema, "allOf"), key(schema, "properties")) {
            if let [one] = all.as_slice() {
                return self.type_guess(one);
            }
        }
        if let Some(Value::String(reference)) = key(schema, "$ref") {
            let target = self.docs.resolve(Some(&Value::String(reference.clone())));
            return match target.filter(|t| !t.is_empty()).and_then(type_of) {
                Some(t) if t != "object" => t,
                _ => {
                    let name = reference.rsplit('/').next().unwrap_or_default();
                    match name.rsplit('.').next().unwrap_or_default() {
                        "" => "Object".to_string(),
                        short => short.to_string(),
                    }
                }
            };
        }
        match type_of(schema).as_deref() {
            None | Some("object") => "Object".to_string(),
            Some(t) => t.to_string(),
        }
    }
}

/// The `externalDocs` section of a schema, after a blank line: at the top of a page
/// (`field: None`), or under a field indented `Some(amount)`.
fn external_docs(schema: &Map<String, Value>, field: Option<usize>) -> String {
    let Some(docs) = key(schema, "externalDocs") else {
        return String::new();
    };
    let (heading, body, width) = match field {
        None => (0, 4, 76),
        Some(amount) => (amount + 2, amount + 4, 76 - amount),
    };
    let mut out = format!("\n{}\n", indent(heading, "EXTERNAL DOCS:"));
    if let Some(Value::String(d)) = docs.get("description").filter(|v| truthy(v)) {
        out.push_str(&indent(body, &wrap(width, d)));
        out.push('\n');
    }
    if let Some(Value::String(url)) = docs.get("url").filter(|v| truthy(v)) {
        out.push_str(&indent(body, &format!("URL: {url}")));
        out.push('\n');
    }
    out
}

/// The `extractEnum` template: `ENUM:` and one value a line (a field's own page), or
/// `enum: a, b, c, d, ....` after the field's line in a list (`limit` values at most).
fn extract_enum(schema: &Value, long: bool, limit: i64, amount: usize) -> String {
    let Some(Value::Array(values)) = schema.get("enum").filter(|v| truthy(v)) else {
        return String::new();
    };
    let limit = if limit == 0 { -1 } else { limit };
    let mut out = if long {
        "ENUM:".to_string()
    } else {
        format!("\n{}enum: ", " ".repeat(amount))
    };
    for (i, value) in values.iter().enumerate() {
        if limit > -1 && i as i64 >= limit {
            out.push_str(", ....");
            break;
        }
        if i > 0 && !long {
            out.push_str(", ");
        } else if long {
            out.push_str("\n    ");
        }
        match value {
            Value::String(s) if s.is_empty() => out.push_str("\"\""),
            Value::String(s) => out.push_str(s),
            other => out.push_str(&other.to_string()),
        }
    }
    out
}

/// Sprig-style `indent`: `amount` spaces before the text and after every newline in it.
fn indent(amount: usize, text: &str) -> String {
    let pad = " ".repeat(amount);
    format!("{pad}{}", text.replace('\n', &format!("\n{pad}")))
}

/// `github.com/mitchellh/go-wordwrap`'s `WrapString` (v1.0.1), which kubectl's `wrap` calls:
/// breaks at whitespace so that lines stay within `limit` characters where a word allows,
/// keeps the text's own newlines, and never breaks a word.
fn wrap(limit: usize, text: &str) -> String {
    /// The pending spaces and word go out (their lengths in characters beside them).
    fn flush(out: &mut String, space: &mut (String, usize), word: &mut (String, usize)) {
        out.push_str(&space.0);
        out.push_str(&word.0);
        *space = (String::new(), 0);
        *word = (String::new(), 0);
    }
    let mut out = String::with_capacity(text.len() + text.len() / limit.max(1));
    let mut current = 0usize;
    let (mut word, mut space) = ((String::new(), 0usize), (String::new(), 0usize));
    for ch in text.chars() {
        if ch == '\n' {
            if word.0.is_empty() && current + space.1 > limit {
                space = (String::new(), 0);
            }
            flush(&mut out, &mut space, &mut word);
            out.push('\n');
            current = 0;
        } else if ch.is_whitespace() && ch != '\u{a0}' {
            if space.0.is_empty() || !word.0.is_empty() {
                current += space.1 + word.1;
                flush(&mut out, &mut space, &mut word);
            }
            space.0.push(ch);
            space.1 += 1;
        } else {
            word.0.push(ch);
            word.1 += 1;
            if current + space.1 + word.1 > limit && word.1 < limit {
                out.push('\n');
                current = 0;
                space = (String::new(), 0);
            }
        }
    }
    if word.0.is_empty() && current + space.1 > limit {
        space = (String::new(), 0);
    }
    flush(&mut out, &mut space, &mut word);
    out
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wraps_as_go_wordwrap_does() {
        assert_eq!(wrap(10, "aaa bbb ccc ddd"), "aaa bbb\nccc ddd");
        // A word longer than the line stays whole, on its own line.
        assert_eq!(wrap(5, "a verylongword b"), "a\nverylongword\nb");
        // The text's own line breaks and blank lines stay.
        assert_eq!(wrap(20, "one\n\ntwo"), "one\n\ntwo");
        // Spaces where a line breaks are dropped.
        assert_eq!(wrap(3, "ab   cd"), "ab\ncd");
    }
}
