//! `-o jsonpath=…` and `-o go-template=…` / `--template`: the subsets tutorials and scripts
//! use, evaluated over the object's JSON.
//!
//! JSONPath: `{.a.b}`, `[n]`, `[*]`, `..name`-free paths, `[?(@.k=="v")]` filters,
//! `{range …}…{end}`, quoted literals such as `{"\n"}`; several results are joined by spaces.
//! Go templates: `{{.a.b}}`, `{{$var.a}}`, `{{range $i, $c := .list}}…{{end}}`,
//! `{{range .list}}…{{end}}`, `{{if …}}…{{else}}…{{end}}`, `{{index .m "key"}}`, `{{"text"}}`,
//! `{{len .list}}`; a missing field prints `<no value>`.

use serde_json::Value;
use std::collections::BTreeMap;

// ---------------------------------------------------------------- JSONPath

#[derive(Clone, Debug)]
enum Step {
    Field(String),
    Index(i64),
    All,
    /// `[start:end]`, either bound optional; negative bounds count from the end.
    Slice(Option<i64>, Option<i64>),
    /// `..name`: `name` wherever it is below.
    Recursive(String),
    /// `[?(@.path=="value")]`.
    Filter(Vec<Step>, String),
}

#[derive(Clone, Debug)]
enum JpNode {
    Text(String),
    Path(Vec<Step>),
    Range(Vec<Step>, Vec<JpNode>),
}

/// Evaluates a kubectl JSONPath template (with or without the outer braces).
pub fn jsonpath(template: &str, data: &Value) -> Result<String, String> {
    jsonpath_checked(template, data).map_err(|e| match e {
        JsonPathError::Parse(m) | JsonPathError::Execute(m) => m,
    })
}

/// Why a template did not print: it does not parse, or it failed on this object (an index
/// out of bounds), which kubectl reports with the template and the object.
pub enum JsonPathError {
    Parse(String),
    Execute(String),
}

/// [`jsonpath`], telling a template that does not parse from one that failed on the object.
pub fn jsonpath_checked(template: &str, data: &Value) -> Result<String, JsonPathError> {
    let nodes = jp_template(template)?;
    let mut out = String::new();
    jp_eval(&nodes, data, &mut out).map_err(JsonPathError::Execute)?;
    Ok(out)
}

use sts_core::validation::field::go_quote;

/// A template with or without its outer braces, parsed.
fn jp_template(template: &str) -> Result<Vec<JpNode>, JsonPathError> {
    if template.contains('{') {
        jp_parse(template)
    } else {
        jp_parse(&format!("{{{template}}}"))
    }
    .map_err(JsonPathError::Parse)
}

/// A value as Go's `%#v` prints the decoded JSON kubectl hands its JSONPath engine
/// (`map[string]interface {}{"k":v, …}`, `[]interface {}{…}`, integers as `int64` values).
pub fn go_syntax(value: &Value) -> String {
    match value {
        Value::Null => "interface {}(nil)".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => go_quote(s),
        Value::Array(items) => format!(
            "[]interface {{}}{{{}}}",
            items.iter().map(go_syntax).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(map) => format!(
            "map[string]interface {{}}{{{}}}",
            map.iter()
                .map(|(k, v)| format!("{}:{}", go_quote(k), go_syntax(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn jp_parse(text: &str) -> Result<Vec<JpNode>, String> {
    let mut stack: Vec<(Vec<Step>, Vec<JpNode>)> = vec![(Vec::new(), Vec::new())];
    let mut rest = text;
    while !rest.is_empty() {
        let Some(open) = rest.find('{') else {
            stack
                .last_mut()
                .unwrap()
                .1
                .push(JpNode::Text(rest.to_string()));
            break;
        };
        if open > 0 {
            stack
                .last_mut()
                .unwrap()
                .1
                .push(JpNode::Text(rest[..open].to_string()));
        }
        let after = &rest[open + 1..];
        let close = find_close(after).ok_or("unclosed action")?;
        let inner = after[..close].trim();
        rest = &after[close + 1..];
        if inner == "end" {
            if stack.len() < 2 {
                return Err("not in range, nothing to end".into());
            }
            let (path, body) = stack.pop().unwrap();
            stack.last_mut().unwrap().1.push(JpNode::Range(path, body));
        } else if let Some(path) = inner.strip_prefix("range ") {
            stack.push((parse_path(path.trim())?, Vec::new()));
        } else if inner.starts_with('"') || inner.starts_with('\'') {
            stack
                .last_mut()
                .unwrap()
                .1
                .push(JpNode::Text(unquote(inner)?));
        } else {
            stack
                .last_mut()
                .unwrap()
                .1
                .push(JpNode::Path(parse_path(inner)?));
        }
    }
    if stack.len() != 1 {
        return Err("unclosed range".into());
    }
    Ok(stack.pop().unwrap().1)
}

/// The index of the `}` closing an action, skipping quoted text.
fn find_close(text: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '}') => return Some(i),
            _ => {}
        }
    }
    None
}

fn unquote(text: &str) -> Result<String, String> {
    let q = text.chars().next().unwrap_or('"');
    let inner = text
        .strip_prefix(q)
        .and_then(|t| t.strip_suffix(q))
        .ok_or_else(|| format!("unterminated string {text}"))?;
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    Ok(out)
}

fn parse_path(text: &str) -> Result<Vec<Step>, String> {
    let mut steps = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    if chars.first() == Some(&'@') || chars.first() == Some(&'$') {
        i = 1;
    }
    while i < chars.len() {
        match chars[i] {
            '.' if chars.get(i + 1) == Some(&'.') => {
                i += 2;
                let start = i;
                while i < chars.len() && chars[i] != '.' && chars[i] != '[' {
                    i += 1;
                }
                steps.push(Step::Recursive(chars[start..i].iter().collect()));
            }
            '.' => {
                i += 1;
                let start = i;
                while i < chars.len() && chars[i] != '.' && chars[i] != '[' {
                    i += 1;
                }
                let name: String = chars[start..i].iter().collect();
                if !name.is_empty() {
                    steps.push(Step::Field(name));
                }
            }
            '[' => {
                let start = i + 1;
                let mut depth = 1;
                i += 1;
                while i < chars.len() && depth > 0 {
                    match chars[i] {
                        '[' => depth += 1,
                        ']' => depth -= 1,
                        _ => {}
                    }
                    i += 1;
                }
                if depth > 0 {
                    return Err("unclosed array expect ]".into());
                }
                let inner: String = chars[start..i - 1].iter().collect();
                let inner = inner.trim();
                if inner == "*" {
                    steps.push(Step::All);
                } else if let Some(filter) =
                    inner.strip_prefix("?(").and_then(|f| f.strip_suffix(')'))
                {
                    let (lhs, rhs) = filter
                        .split_once("==")
                        .ok_or_else(|| format!("unsupported filter {filter}"))?;
                    steps.push(Step::Filter(
                        parse_path(lhs.trim())?,
                        unquote(rhs.trim()).unwrap_or_else(|_| rhs.trim().to_string()),
                    ));
                } else if let Ok(n) = inner.parse::<i64>() {
                    steps.push(Step::Index(n));
                } else if let Some((from, to)) = inner.split_once(':') {
                    let bound = |b: &str| -> Result<Option<i64>, String> {
                        let b = b.trim();
                        if b.is_empty() {
                            Ok(None)
                        } else {
                            b.parse()
                                .map(Some)
                                .map_err(|_| format!("invalid array index {b}"))
                        }
                    };
                    steps.push(Step::Slice(bound(from)?, bound(to)?));
                } else {
                    steps.push(Step::Field(
                        unquote(inner).unwrap_or_else(|_| inner.to_string()),
                    ));
                }
            }
            c if c.is_whitespace() => i += 1,
            _ => {
                let start = i;
                while i < chars.len() && chars[i] != '.' && chars[i] != '[' {
                    i += 1;
                }
                steps.push(Step::Field(chars[start..i].iter().collect()));
            }
        }
    }
    Ok(steps)
}

/// What a path finds from `value`. Mirrors `evalArray`, `evalField`, `evalRecursive` and
/// `evalFilter` of kubectl's JSONPath with missing keys allowed: a missing field finds nothing,
/// an index out of bounds is an error.
fn select<'a>(steps: &[Step], value: &'a Value) -> Result<Vec<&'a Value>, String> {
    let mut current = vec![value];
    for step in steps {
        let mut next = Vec::new();
        for v in current {
            match step {
                Step::Field(name) => next.extend(v.get(name)),
                Step::Index(n) => {
                    if let Some(items) = v.as_array() {
                        next.extend(slice(items, Some(*n), Some(*n + 1), *n == -1)?);
                    }
                }
                Step::Slice(from, to) => {
                    if let Some(items) = v.as_array() {
                        next.extend(slice(items, *from, *to, false)?);
                    }
                }
                Step::All => match v {
                    Value::Array(items) => next.extend(items.iter()),
                    Value::Object(map) => next.extend(map.values()),
                    _ => {}
                },
                Step::Recursive(name) => {
                    let mut below = Vec::new();
                    descendants(v, &mut below);
                    next.extend(below.into_iter().filter_map(|d| d.get(name)));
                }
                Step::Filter(path, expected) => {
                    if let Some(items) = v.as_array() {
                        for item in items {
                            if select(path, item)?
                                .first()
                                .is_some_and(|x| plain(x) == *expected)
                            {
                                next.push(item);
                            }
                        }
                    }
                }
            }
        }
        current = next;
    }
    Ok(current)
}

/// `value` and everything below it, parents first (`evalRecursive`).
fn descendants<'a>(value: &'a Value, out: &mut Vec<&'a Value>) {
    out.push(value);
    match value {
        Value::Array(items) => items.iter().for_each(|i| descendants(i, out)),
        Value::Object(map) => map.values().for_each(|v| descendants(v, out)),
        _ => {}
    }
}

/// `items[from:to]` as `evalArray` takes it: an index `[n]` is the slice `[n:n+1]` whose end,
/// derived, wraps to the length at 0 (`[-1]`).
fn slice(
    items: &[Value],
    from: Option<i64>,
    to: Option<i64>,
    derived_end: bool,
) -> Result<&[Value], String> {
    let len = items.len() as i64;
    let mut start = from.unwrap_or(0);
    if start < 0 {
        start += len;
    }
    let mut end = to.unwrap_or(len);
    if end < 0 || (end == 0 && derived_end) {
        end += len;
    }
    if end == start {
        return Ok(&[]);
    }
    if start >= len || start < 0 {
        return Err(format!(
            "array index out of bounds: index {start}, length {len}"
        ));
    }
    if end > len || end < 0 {
        return Err(format!(
            "array index out of bounds: index {}, length {len}",
            end - 1
        ));
    }
    if start > end {
        return Err(format!(
            "starting index {start} is greater than ending index {end}"
        ));
    }
    Ok(&items[start as usize..end as usize])
}

/// What evaluating a template gives, piece by piece: literal text, or the values one path
/// found.
enum Piece<'a> {
    Text(&'a str),
    Found(Vec<&'a Value>),
}

fn jp_walk<'a>(
    nodes: &'a [JpNode],
    current: &'a Value,
    emit: &mut dyn FnMut(Piece<'a>),
) -> Result<(), String> {
    for node in nodes {
        match node {
            JpNode::Text(t) => emit(Piece::Text(t)),
            JpNode::Path(path) => emit(Piece::Found(select(path, current)?)),
            JpNode::Range(path, body) => {
                for item in select(path, current)? {
                    match item {
                        Value::Array(items) => {
                            for i in items {
                                jp_walk(body, i, emit)?;
                            }
                        }
                        other => jp_walk(body, other, emit)?,
                    }
                }
            }
        }
    }
    Ok(())
}

/// The template as text: several values of one path joined by spaces.
fn jp_eval(nodes: &[JpNode], current: &Value, out: &mut String) -> Result<(), String> {
    jp_walk(nodes, current, &mut |piece| match piece {
        Piece::Text(t) => out.push_str(t),
        Piece::Found(values) => {
            let texts: Vec<String> = values.into_iter().map(plain).collect();
            out.push_str(&texts.join(" "));
        }
    })
}

/// `-o jsonpath-as-json`: every value the template finds (its literal text included), as one
/// JSON array.
pub fn jsonpath_values(template: &str, data: &Value) -> Result<Value, JsonPathError> {
    let nodes = jp_template(template)?;
    let mut values = Vec::new();
    jp_walk(&nodes, data, &mut |piece| match piece {
        Piece::Text(t) => values.push(Value::String(t.to_string())),
        Piece::Found(found) => values.extend(found.into_iter().cloned()),
    })
    .map_err(JsonPathError::Execute)?;
    Ok(Value::Array(values))
}

/// A value as JSONPath prints it: strings bare, everything else as JSON.
fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// kubectl's `RelaxedJSONPathExpression`: `name1.name2`, `.name1.name2`, `{name1.name2}` and
/// `{.name1.name2}` all become `{.name1.name2}`.
pub fn relaxed_jsonpath(expr: &str) -> Result<String, String> {
    if expr.is_empty() {
        return Ok(String::new());
    }
    let inner = match expr.strip_prefix('{').and_then(|e| e.strip_suffix('}')) {
        Some(inner) => inner,
        None => expr,
    };
    let inner = inner.strip_prefix('.').unwrap_or(inner);
    if inner.is_empty() || inner.contains(['{', '}']) {
        return Err("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'".into());
    }
    Ok(format!("{{.{inner}}}"))
}

/// The values one `{.path}` expression finds (none when a key is missing), as the custom
/// columns printer asks for them.
pub fn find_results<'a>(expr: &str, data: &'a Value) -> Result<Vec<&'a Value>, String> {
    let path = expr.trim().trim_start_matches('{').trim_end_matches('}');
    select(&parse_path(path)?, data)
}

/// A dotted field path (`.metadata.creationTimestamp`, `{.status.phase}`) for `--sort-by`.
pub fn sort_key(path: &str, value: &Value) -> Result<Option<Value>, String> {
    let path = path.trim().trim_start_matches('{').trim_end_matches('}');
    let steps = parse_path(path)?;
    Ok(select(&steps, value)?.first().map(|v| (*v).clone()))
}

// ---------------------------------------------------------------- Go templates

#[derive(Clone, Debug)]
enum GoNode {
    Text(String),
    Action(Expr),
    Range {
        vars: Vec<String>,
        expr: Expr,
        body: Vec<GoNode>,
        else_body: Vec<GoNode>,
    },
    If {
        expr: Expr,
        body: Vec<GoNode>,
        else_body: Vec<GoNode>,
    },
}

#[derive(Clone, Debug)]
enum Expr {
    /// `.a.b` from dot, or `$x.a.b` from a variable (`$` alone is the root).
    Field(Option<String>, Vec<String>),
    Str(String),
    Num(i64),
    Call(String, Vec<Expr>),
}

/// Evaluates a Go template over `data`.
pub fn go_template(template: &str, data: &Value) -> Result<String, String> {
    go_template_checked(template, data)
        .map_err(|(JsonPathError::Parse(e) | JsonPathError::Execute(e))| e)
}

/// [`go_template`], telling a template that does not parse (kubectl: "error parsing
/// template") from one that failed on the object ("error executing template").
pub fn go_template_checked(template: &str, data: &Value) -> Result<String, JsonPathError> {
    let parse = || -> Result<Vec<GoNode>, String> {
        let tokens = go_tokens(template)?;
        let mut pos = 0;
        let (nodes, end) = go_parse(&tokens, &mut pos)?;
        if let Some(end) = end {
            return Err(format!("template: output:1: unexpected {{{{{end}}}}}"));
        }
        Ok(nodes)
    };
    let nodes = parse().map_err(JsonPathError::Parse)?;
    let mut vars = BTreeMap::from([("$".to_string(), data.clone())]);
    let mut out = String::new();
    go_eval(&nodes, data, &mut vars, &mut out).map_err(JsonPathError::Execute)?;
    Ok(out)
}

enum GoToken {
    Text(String),
    Action(String),
}

fn go_tokens(text: &str) -> Result<Vec<GoToken>, String> {
    let mut tokens = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        if open > 0 {
            tokens.push(GoToken::Text(rest[..open].to_string()));
        }
        let after = &rest[open + 2..];
        let close = after
            .find("}}")
            .ok_or("template: output:1: unclosed action")?;
        let mut inner = &after[..close];
        inner = inner.strip_prefix('-').unwrap_or(inner);
        inner = inner.strip_suffix('-').unwrap_or(inner);
        tokens.push(GoToken::Action(inner.trim().to_string()));
        rest = &after[close + 2..];
    }
    if !rest.is_empty() {
        tokens.push(GoToken::Text(rest.to_string()));
    }
    Ok(tokens)
}

/// Parses until `{{end}}` or `{{else}}` (returned) or the end.
fn go_parse(tokens: &[GoToken], pos: &mut usize) -> Result<(Vec<GoNode>, Option<String>), String> {
    let mut nodes = Vec::new();
    while *pos < tokens.len() {
        let token = &tokens[*pos];
        *pos += 1;
        match token {
            GoToken::Text(t) => nodes.push(GoNode::Text(t.clone())),
            GoToken::Action(a) if a == "end" || a == "else" => return Ok((nodes, Some(a.clone()))),
            GoToken::Action(a) if a.starts_with("/*") => {}
            GoToken::Action(a) => {
                if let Some(rest) = a.strip_prefix("range ") {
                    let (vars, expr_text) = match rest.split_once(":=") {
                        Some((v, e)) => (
                            v.split(',').map(|s| s.trim().to_string()).collect(),
                            e.trim(),
                        ),
                        None => (Vec::new(), rest.trim()),
                    };
                    let expr = parse_expr(expr_text)?;
                    let (body, end) = go_parse(tokens, pos)?;
                    let else_body = match end.as_deref() {
                        Some("else") => go_parse(tokens, pos)?.0,
                        Some(_) => Vec::new(),
                        None => return Err("template: output:1: unexpected EOF".into()),
                    };
                    nodes.push(GoNode::Range {
                        vars,
                        expr,
                        body,
                        else_body,
                    });
                } else if let Some(rest) = a.strip_prefix("if ") {
                    let expr = parse_expr(rest.trim())?;
                    let (body, end) = go_parse(tokens, pos)?;
                    let else_body = match end.as_deref() {
                        Some("else") => go_parse(tokens, pos)?.0,
                        Some(_) => Vec::new(),
                        None => return Err("template: output:1: unexpected EOF".into()),
                    };
                    nodes.push(GoNode::If {
                        expr,
                        body,
                        else_body,
                    });
                } else {
                    nodes.push(GoNode::Action(parse_expr(a)?));
                }
            }
        }
    }
    Ok((nodes, None))
}

fn split_args(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quote = false;
    for c in text.chars() {
        match c {
            '"' => {
                quote = !quote;
                current.push(c);
            }
            c if c.is_whitespace() && !quote => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The functions a template may call; Go refuses any other name when it parses.
const GO_FUNCTIONS: &[&str] = &["index", "len", "printf", "println", "eq", "ne", "not"];

fn call(name: &str, args: Vec<Expr>) -> Result<Expr, String> {
    if !GO_FUNCTIONS.contains(&name) {
        return Err(format!(
            "template: output:1: function \"{name}\" not defined"
        ));
    }
    Ok(Expr::Call(name.to_string(), args))
}

fn parse_expr(text: &str) -> Result<Expr, String> {
    let parts = split_args(text);
    if parts.len() > 1 {
        let args = parts[1..]
            .iter()
            .map(|p| parse_expr(p))
            .collect::<Result<Vec<_>, _>>()?;
        return call(&parts[0], args);
    }
    let Some(word) = parts.first() else {
        return Err("template: output:1: missing value for command".into());
    };
    if word.starts_with('"') {
        return Ok(Expr::Str(unquote(word)?));
    }
    if let Ok(n) = word.parse::<i64>() {
        return Ok(Expr::Num(n));
    }
    if let Some(path) = word.strip_prefix('.') {
        let fields = path
            .split('.')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        return Ok(Expr::Field(None, fields));
    }
    if word.starts_with('$') {
        let mut split = word.split('.');
        let var = split.next().unwrap_or("$").to_string();
        return Ok(Expr::Field(Some(var), split.map(str::to_string).collect()));
    }
    call(word, Vec::new())
}

fn go_value(
    expr: &Expr,
    dot: &Value,
    vars: &BTreeMap<String, Value>,
) -> Result<Option<Value>, String> {
    Ok(match expr {
        Expr::Str(s) => Some(Value::String(s.clone())),
        Expr::Num(n) => Some(Value::from(*n)),
        Expr::Field(var, fields) => {
            let mut current =
                match var {
                    None => Some(dot.clone()),
                    Some(name) => Some(vars.get(name).cloned().ok_or_else(|| {
                        format!("template: output:1: undefined variable: {name}")
                    })?),
                };
            for f in fields {
                current = current.and_then(|c| c.get(f).cloned());
            }
            current
        }
        Expr::Call(name, args) => {
            let values = args
                .iter()
                .map(|a| go_value(a, dot, vars))
                .collect::<Result<Vec<_>, _>>()?;
            match (name.as_str(), values.as_slice()) {
                ("index", [Some(base), rest @ ..]) => {
                    let mut current = Some(base.clone());
                    for key in rest {
                        current = match (current, key) {
                            (Some(Value::Object(m)), Some(Value::String(k))) => m.get(k).cloned(),
                            (Some(Value::Array(a)), Some(Value::Number(n))) => {
                                n.as_u64().and_then(|i| a.get(i as usize).cloned())
                            }
                            _ => None,
                        };
                    }
                    current
                }
                ("len", [Some(v)]) => Some(Value::from(match v {
                    Value::Array(a) => a.len(),
                    Value::Object(m) => m.len(),
                    Value::String(s) => s.len(),
                    _ => return Err("template: output:1: len of unsupported type".into()),
                })),
                ("printf", [Some(Value::String(f)), rest @ ..]) => {
                    let mut text = f.clone();
                    for v in rest {
                        let shown = v
                            .as_ref()
                            .map(go_print)
                            .unwrap_or_else(|| "<no value>".into());
                        if let Some(i) = text
                            .find("%s")
                            .or_else(|| text.find("%v"))
                            .or_else(|| text.find("%d"))
                        {
                            text.replace_range(i..i + 2, &shown);
                        }
                    }
                    Some(Value::String(text.replace("\\n", "\n")))
                }
                ("println", vals) => Some(Value::String(format!(
                    "{}\n",
                    vals.iter()
                        .map(|v| v.as_ref().map(go_print).unwrap_or_default())
                        .collect::<Vec<_>>()
                        .join(" ")
                ))),
                ("eq", [a, b]) => Some(Value::Bool(a == b)),
                ("ne", [a, b]) => Some(Value::Bool(a != b)),
                ("not", [a]) => Some(Value::Bool(!truthy(a.as_ref()))),
                _ => {
                    return Err(format!(
                        "template: output:1: function \"{name}\" not defined"
                    ))
                }
            }
        }
    })
}

fn truthy(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::Object(m)) => !m.is_empty(),
        Some(Value::Number(n)) => n.as_f64() != Some(0.0),
    }
}

/// A value as Go's `fmt` prints an `interface{}` with `%v` (in a template, in a custom column).
pub fn go_print(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => "<nil>".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(go_print).collect::<Vec<_>>().join(" ")
        ),
        Value::Object(map) => format!(
            "map[{}]",
            map.iter()
                .map(|(k, v)| format!("{k}:{}", go_print(v)))
                .collect::<Vec<_>>()
                .join(" ")
        ),
    }
}

fn go_eval(
    nodes: &[GoNode],
    dot: &Value,
    vars: &mut BTreeMap<String, Value>,
    out: &mut String,
) -> Result<(), String> {
    for node in nodes {
        match node {
            GoNode::Text(t) => out.push_str(t),
            GoNode::Action(expr) => match go_value(expr, dot, vars)? {
                Some(v) => out.push_str(&go_print(&v)),
                None => out.push_str("<no value>"),
            },
            GoNode::If {
                expr,
                body,
                else_body,
            } => {
                let v = go_value(expr, dot, vars)?;
                let branch = if truthy(v.as_ref()) { body } else { else_body };
                go_eval(branch, dot, vars, out)?;
            }
            GoNode::Range {
                vars: names,
                expr,
                body,
                else_body,
            } => {
                let items: Vec<(Value, Value)> = match go_value(expr, dot, vars)? {
                    Some(Value::Array(a)) => a
                        .into_iter()
                        .enumerate()
                        .map(|(i, v)| (Value::from(i), v))
                        .collect(),
                    Some(Value::Object(m)) => {
                        m.into_iter().map(|(k, v)| (Value::String(k), v)).collect()
                    }
                    Some(Value::Null) | None => Vec::new(),
                    Some(other) => {
                        return Err(format!(
                            "template: output:1: range can't iterate over {}",
                            go_print(&other)
                        ))
                    }
                };
                if items.is_empty() {
                    go_eval(else_body, dot, vars, out)?;
                }
                for (key, item) in items {
                    match names.as_slice() {
                        [v] => {
                            vars.insert(v.clone(), item.clone());
                        }
                        [k, v] => {
                            vars.insert(k.clone(), key);
                            vars.insert(v.clone(), item.clone());
                        }
                        _ => {}
                    }
                    go_eval(body, &item, vars, out)?;
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pod() -> Value {
        json!({"metadata": {"name": "web-0", "labels": {"app": "nginx"}},
               "spec": {"containers": [{"name": "nginx", "image": "nginx-slim:0.8"}]},
               "status": {"conditions": [{"type": "Ready", "status": "True"}]}})
    }

    #[test]
    fn the_tutorials_go_template() {
        assert_eq!(
            go_template(
                "{{range $i, $c := .spec.containers}}{{$c.image}}{{end}}",
                &pod()
            )
            .unwrap(),
            "nginx-slim:0.8"
        );
        assert_eq!(
            go_template("{{.metadata.name}} {{.nope}}", &pod()).unwrap(),
            "web-0 <no value>"
        );
        assert_eq!(
            go_template(r#"{{index .metadata.labels "app"}}"#, &pod()).unwrap(),
            "nginx"
        );
        assert_eq!(
            go_template(
                "{{range .spec.containers}}{{.name}}{{\"\\n\"}}{{end}}",
                &pod()
            )
            .unwrap(),
            "nginx\n"
        );
    }

    #[test]
    fn jsonpath_paths_ranges_and_filters() {
        assert_eq!(jsonpath("{.metadata.name}", &pod()).unwrap(), "web-0");
        assert_eq!(
            jsonpath("{.spec.containers[0].image}", &pod()).unwrap(),
            "nginx-slim:0.8"
        );
        assert_eq!(
            jsonpath(r#"{.status.conditions[?(@.type=="Ready")].status}"#, &pod()).unwrap(),
            "True"
        );
        let list = json!({"items": [pod(), pod()]});
        assert_eq!(
            jsonpath("{.items[*].metadata.name}", &list).unwrap(),
            "web-0 web-0"
        );
        assert_eq!(
            jsonpath(r#"{range .items[*]}{.metadata.name}{"\n"}{end}"#, &list).unwrap(),
            "web-0\nweb-0\n"
        );
    }
}
