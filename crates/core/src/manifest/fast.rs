//! A fast path for the YAML that manifests are made of: block mappings and sequences, plain
//! and quoted scalars, one-line flow collections, literal block scalars and comments. It
//! returns `None` for anything outside that subset — anchors, tags, folded scalars, multi-line
//! flows, unusual scalars, duplicate keys, errors of any kind — and the caller then parses with
//! the YAML library, whose messages (libyaml's, like go-yaml's) are the ones a learner must see.
//! So this never decides what is valid; it only makes the common case quick. Scalars resolve
//! as the library resolves them (YAML 1.2 core schema), which a differential test checks.

use serde_json::{Map, Value};

/// Parses `body` if it stays within the subset; `None` otherwise.
pub fn parse(body: &str, max_depth: usize) -> Option<Value> {
    // Tabs have rules of their own in YAML (and errors): the library's.
    if body.contains('\t') {
        return None;
    }
    let lines: Vec<&str> = body.split('\n').collect();
    // Each line's indent and content without its comment, worked out once.
    let cooked = lines.iter().map(|l| cook(l)).collect();
    let mut p = Parser {
        lines,
        cooked,
        pos: 0,
        max_depth,
        override_line: None,
    };
    p.skip_blank();
    if p.pos >= p.lines.len() {
        return Some(Value::Null);
    }
    let (indent, _) = p.current()?;
    let value = p.node(indent, 0)?;
    p.skip_blank();
    (p.pos >= p.lines.len()).then_some(value)
}

/// A line's indent and content without its comment; `None` on a tab indent or a quote left
/// open (a multi-line scalar).
fn cook(line: &str) -> Option<(usize, &str)> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let content = line.trim_start_matches(' ');
    if content.starts_with('\t') {
        return None;
    }
    Some((
        line.len() - content.len(),
        strip_comment(content)?.trim_end(),
    ))
}

struct Parser<'a> {
    lines: Vec<&'a str>,
    cooked: Vec<Option<(usize, &'a str)>>,
    pos: usize,
    max_depth: usize,
    /// The rest of the current line after a `- `, seen at a deeper indent.
    override_line: Option<(usize, &'a str)>,
}

impl<'a> Parser<'a> {
    /// The current line's indent and content without its comment; `None` on a tab indent.
    fn current(&self) -> Option<(usize, &'a str)> {
        if let Some(o) = self.override_line {
            return Some(o);
        }
        *self.cooked.get(self.pos)?
    }

    /// Moves past the current line (an override is the rest of the current line, so this
    /// moves past it too).
    fn advance(&mut self) {
        self.override_line = None;
        self.pos += 1;
    }

    /// Skips blank and comment-only lines (never inside a block scalar).
    fn skip_blank(&mut self) {
        if self.override_line.is_some() {
            return;
        }
        while let Some(line) = self.lines.get(self.pos) {
            let t = line.trim();
            if t.is_empty() || t.starts_with('#') {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    /// The node that starts on the current line, at `indent`.
    fn node(&mut self, indent: usize, depth: usize) -> Option<Value> {
        if depth > self.max_depth {
            return None;
        }
        let (_, content) = self.current()?;
        if is_item(content) {
            self.sequence(indent, depth)
        } else if split_key(content).is_some() {
            self.mapping(indent, depth)
        } else {
            // A lone scalar or flow as a whole node (rare in manifests).
            let v = inline(content, depth)?;
            self.advance();
            Some(v)
        }
    }

    fn mapping(&mut self, indent: usize, depth: usize) -> Option<Value> {
        let mut map = Map::new();
        loop {
            self.skip_blank();
            let Some((i, content)) = self.current() else {
                if self.pos >= self.lines.len() && self.override_line.is_none() {
                    break;
                }
                return None;
            };
            if i < indent {
                break;
            }
            if i > indent || is_item(content) {
                return None;
            }
            let (key, rest) = split_key(content)?;
            let key = key_text(key)?;
            if map.contains_key(&key) {
                return None;
            }
            self.advance();
            let value = self.value_after(indent, rest, depth + 1)?;
            map.insert(key, value);
        }
        Some(Value::Object(map))
    }

    fn sequence(&mut self, indent: usize, depth: usize) -> Option<Value> {
        let mut items = Vec::new();
        loop {
            self.skip_blank();
            let Some((i, content)) = self.current() else {
                if self.pos >= self.lines.len() && self.override_line.is_none() {
                    break;
                }
                return None;
            };
            if i < indent || (i == indent && !is_item(content)) {
                break;
            }
            if i > indent {
                return None;
            }
            let rest = content[1..].trim_start_matches(' ');
            let offset = content.len() - rest.len();
            if rest.is_empty() {
                self.advance();
                items.push(self.nested(indent, depth + 1)?.unwrap_or(Value::Null));
            } else if is_item(rest) || split_key(rest).is_some() {
                // `- name: x` (or `- - x`): a node that starts on this line, further in.
                self.override_line = Some((indent + offset, rest));
                items.push(self.node(indent + offset, depth + 1)?);
            } else {
                self.advance();
                items.push(self.inline_or_block(indent, rest, depth + 1)?);
            }
        }
        Some(Value::Array(items))
    }

    /// The value after `key:`: on the same line, as a block scalar, or on the lines below.
    fn value_after(&mut self, indent: usize, rest: &'a str, depth: usize) -> Option<Value> {
        if rest.is_empty() {
            self.skip_blank();
            // A sequence may sit at the key's own indent.
            if let Some((i, content)) = self.current() {
                if i == indent && is_item(content) {
                    return self.sequence(indent, depth);
                }
            }
            return Some(self.nested(indent, depth)?.unwrap_or(Value::Null));
        }
        self.inline_or_block(indent, rest, depth)
    }

    fn inline_or_block(&mut self, indent: usize, rest: &'a str, depth: usize) -> Option<Value> {
        if rest.starts_with('|') {
            return self.literal(indent, rest);
        }
        inline(rest, depth)
    }

    /// A node indented further than `indent` on the following lines, if there is one.
    fn nested(&mut self, indent: usize, depth: usize) -> Option<Option<Value>> {
        self.skip_blank();
        match self.current() {
            Some((i, _)) if i > indent => Some(Some(self.node(i, depth)?)),
            Some(_) => Some(None),
            None if self.pos >= self.lines.len() => Some(None),
            None => None,
        }
    }

    /// `|`, `|-` or `|+` and the lines indented below it.
    fn literal(&mut self, indent: usize, header: &str) -> Option<Value> {
        // `|+` (keep) is rare and fiddly at the end of a stream: the library's.
        let clip = match header {
            "|" => true,
            "|-" => false,
            _ => return None,
        };
        let mut block_indent = None;
        let mut lines: Vec<&str> = Vec::new();
        // Whether the last content line ends with a line break (not at the end of the text).
        let mut last_broken = true;
        while let Some(raw) = self.lines.get(self.pos) {
            let raw = raw.strip_suffix('\r').unwrap_or(raw);
            let trimmed = raw.trim_start_matches(' ');
            if trimmed.starts_with('\t') && block_indent.is_none() {
                return None;
            }
            let spaces = raw.len() - trimmed.len();
            if trimmed.is_empty() {
                lines.push("");
                self.pos += 1;
                continue;
            }
            let bi = *block_indent.get_or_insert(spaces);
            if spaces < bi || spaces <= indent {
                break;
            }
            lines.push(&raw[bi..]);
            last_broken = self.pos + 1 < self.lines.len();
            self.pos += 1;
        }
        // No content at all (an empty block scalar): the library's.
        block_indent?;
        // Trailing blank lines belong to the chomping, not the content.
        let mut end = lines.len();
        while end > 0 && lines[end - 1].is_empty() {
            end -= 1;
        }
        let mut text = lines[..end].join("\n");
        if clip && last_broken {
            text.push('\n');
        }
        Some(Value::String(text))
    }
}

fn is_item(content: &str) -> bool {
    content == "-" || content.starts_with("- ")
}

/// Removes a `#` comment (one that follows a space) outside quotes; `None` if quoting is
/// unbalanced on the line (a multi-line quoted scalar: not for the fast path).
fn strip_comment(content: &str) -> Option<&str> {
    let bytes = content.as_bytes();
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        match quote {
            Some(b'\'') if c == b'\'' => {
                if bytes.get(i + 1) == Some(&b'\'') {
                    i += 1;
                } else {
                    quote = None;
                }
            }
            Some(b'"') if c == b'\\' => i += 1,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                b'\'' | b'"'
                    if i == 0 || matches!(bytes[i - 1], b' ' | b'[' | b'{' | b',' | b':') =>
                {
                    quote = Some(c)
                }
                b'#' if i == 0 || bytes[i - 1] == b' ' => return Some(&content[..i]),
                _ => {}
            },
        }
        i += 1;
    }
    quote.is_none().then_some(content)
}

/// `key: rest` or `key:` → (key, rest), outside quotes and flows.
fn split_key(content: &str) -> Option<(&str, &str)> {
    if content.starts_with(['[', '{', '-', '?', '&', '*', '!', '|', '>', '%', '@', '`']) {
        return None;
    }
    let bytes = content.as_bytes();
    let end_of_key = if let Some(q @ (b'"' | b'\'')) = bytes.first().copied() {
        let close = content[1..].find(q as char)? + 1;
        close + 1
    } else {
        0
    };
    let rest_start = content[end_of_key..]
        .find(": ")
        .map(|i| end_of_key + i)
        .or_else(|| content.ends_with(':').then(|| content.len() - 1))?;
    let key = content[..rest_start].trim_end();
    let rest = content[rest_start + 1..].trim();
    Some((key, rest))
}

/// A mapping key as a string, for keys that are plainly strings.
fn key_text(key: &str) -> Option<String> {
    // The usual key: a name, perhaps with a DNS prefix (`app.kubernetes.io/name`).
    if key.as_bytes().first().is_some_and(u8::is_ascii_alphabetic)
        && key
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'/' | b'-'))
        && !matches!(
            key,
            "true" | "True" | "TRUE" | "false" | "False" | "FALSE" | "null" | "Null" | "NULL"
        )
    {
        return Some(key.to_string());
    }
    if key.starts_with('"') || key.starts_with('\'') {
        return match quoted(key)? {
            Value::String(s) => Some(s),
            _ => None,
        };
    }
    match plain(key)? {
        Value::String(s) => Some(s),
        // Number, bool or null keys: leave the library to stringify them.
        _ => None,
    }
}

/// A value written on one line: a quoted scalar, a flow collection or a plain scalar.
fn inline(text: &str, depth: usize) -> Option<Value> {
    let text = text.trim();
    if text.starts_with('"') || text.starts_with('\'') {
        return quoted(text);
    }
    if text.starts_with('[') || text.starts_with('{') {
        let (v, rest) = flow(text, depth)?;
        return rest.trim().is_empty().then_some(v);
    }
    plain(text)
}

fn quoted(text: &str) -> Option<Value> {
    let q = text.chars().next()?;
    let inner = text.strip_prefix(q)?.strip_suffix(q)?;
    if q == '\'' {
        if inner.replace("''", "").contains('\'') {
            return None;
        }
        return Some(Value::String(inner.replace("''", "'")));
    }
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return None,
            '\\' => match chars.next()? {
                '"' => out.push('"'),
                '\\' => out.push('\\'),
                '/' => out.push('/'),
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                '0' => out.push('\0'),
                _ => return None,
            },
            c => out.push(c),
        }
    }
    Some(Value::String(out))
}

/// Plain scalars, resolved as the YAML 1.2 core schema (the library's) does, for the forms
/// that are certain; anything doubtful goes to the library.
fn plain(text: &str) -> Option<Value> {
    if text.is_empty() {
        return Some(Value::Null);
    }
    let first = text.as_bytes()[0];
    if matches!(
        first,
        b'?' | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
    ) || text.contains(": ")
        || text.ends_with(':')
        || text.contains(" #")
        || text.contains('\t')
        || text.starts_with("- ")
        || text == "-"
        || text.starts_with("---")
    {
        return None;
    }
    if [".inf", "-.inf", "+.inf", ".nan"]
        .iter()
        .any(|s| text.eq_ignore_ascii_case(s))
    {
        return None;
    }
    match text {
        "~" | "null" | "Null" | "NULL" => return Some(Value::Null),
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        _ => {}
    }
    let b = text.as_bytes();
    let digits = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_digit);
    let body = b.strip_prefix(b"-").unwrap_or(b);
    if digits(body) {
        // Leading zeros and huge values are the library's to judge.
        if (body.len() > 1 && body[0] == b'0') || body.len() > 18 {
            return None;
        }
        return text.parse::<i64>().ok().map(Value::from);
    }
    // Anything else that could be a number, a special float or another schema's value.
    let first_body = body.first().copied().unwrap_or(b' ');
    if first_body == b'0' && body.len() > 1 {
        // 0x1F, 0o17, 0b101, 0.5, 007: the library's.
        return None;
    }
    let numeric_start = first_body.is_ascii_digit() || first == b'+' || first == b'.';
    let numeric_chars = text.bytes().all(|c| {
        c.is_ascii_digit()
            || matches!(
                c,
                b'.' | b'e' | b'E' | b'+' | b'-' | b'_' | b'x' | b'o' | b'b'
            )
    });
    if numeric_start && numeric_chars {
        return None;
    }
    if first == b'-' && b.get(1).is_some_and(|c| c.is_ascii_digit() || *c == b'.') {
        return None;
    }
    Some(Value::String(text.to_string()))
}

/// A one-line flow collection at the start of `text`; returns it and what follows.
fn flow(text: &str, depth: usize) -> Option<(Value, &str)> {
    if depth > 64 {
        return None;
    }
    let (open, close) = match text.as_bytes().first()? {
        b'[' => (b'[', b']'),
        b'{' => (b'{', b'}'),
        _ => return None,
    };
    let mut rest = text[1..].trim_start();
    let mut items = Vec::new();
    let mut map = Map::new();
    loop {
        if let Some(r) = rest.strip_prefix(close as char) {
            let v = if open == b'[' {
                Value::Array(items)
            } else {
                Value::Object(map)
            };
            return Some((v, r));
        }
        // One entry.
        let (entry, after) = if rest.starts_with('[') || rest.starts_with('{') {
            let (v, r) = flow(rest, depth + 1)?;
            (FlowEntry::Value(v), r)
        } else {
            let end = rest.find([',', ']', '}'])?;
            let piece = rest[..end].trim();
            (FlowEntry::Text(piece), &rest[end..])
        };
        match (open, entry) {
            (b'[', FlowEntry::Value(v)) => items.push(v),
            (b'[', FlowEntry::Text(t)) => {
                if t.contains(": ") || t.is_empty() {
                    return None;
                }
                items.push(scalar(t)?)
            }
            (_, FlowEntry::Text(t)) => {
                let (k, v) = t
                    .split_once(": ")
                    .or_else(|| t.strip_suffix(':').map(|k| (k, "")))?;
                let key = key_text(k.trim())?;
                if map.contains_key(&key) || v.trim_start().starts_with(['[', '{']) {
                    return None;
                }
                map.insert(key, scalar(v.trim())?);
            }
            _ => return None,
        }
        rest = after.trim_start();
        if let Some(r) = rest.strip_prefix(',') {
            rest = r.trim_start();
        } else if !rest.starts_with(close as char) {
            return None;
        }
    }
}

enum FlowEntry<'a> {
    Value(Value),
    Text(&'a str),
}

fn scalar(t: &str) -> Option<Value> {
    if t.starts_with('"') || t.starts_with('\'') {
        quoted(t)
    } else {
        plain(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::{JsonSeed, MAX_DEPTH};

    /// The library's reading.
    fn slow(body: &str) -> Result<Value, String> {
        serde::de::DeserializeSeed::deserialize(
            JsonSeed { depth: 0 },
            serde_yaml::Deserializer::from_str(body),
        )
        .map_err(|e| e.to_string())
    }

    /// The fast path either declines or agrees with the library exactly.
    fn agree(body: &str) -> bool {
        match parse(body, MAX_DEPTH) {
            None => false,
            Some(fast) => {
                assert_eq!(Ok(fast), slow(body), "on:\n{body}");
                true
            }
        }
    }

    #[test]
    fn tricky_documents_are_read_as_the_library_reads_them_or_declined() {
        let taken = [
            "a: 1\nb: -1\nc: 0\nd: text\ne: \"quoted: yes\"\nf: 'it''s'\ng: ~\nh: null\ni: true\nj: False\nk: yes\nl: on\n",
            "# comment\nkey: value # trailing\nlist:\n- a\n- b # c\n-   d\nnested:\n  - x: 1\n    y: [1, two, \"3\"]\n  - {p: q, r: 2}\n",
            "script: |\n  line one\n\n  line # not a comment\nafter: 1\n",
            "strip: |-\n  a\n  b\n\nclip: |\n  a\n\n\nnext: x\nend: |\n  no break",
            "empty:\nseq:\n-\n- - inner\n  - more\nmap: {}\nlist: []\n",
            "\"quoted key\": 1\n'single': 2\nk.io/name: v\nimage: registry.k8s.io/nginx-slim:0.21\nsize: 1Gi\ncpu: 100m\nport: \"80\"\n",
            "args:\n- --servers=3\n- -v\n- '--x'\nwindows: a\r\nb: c\r\n",
            "{\"json\": true, \"n\": 2}",
        ];
        for doc in taken {
            assert!(agree(doc), "should take:\n{doc}");
        }
        let declined = [
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "n: 0x1F\nm: 007\n",
            "f: 1.5\n",
            "e: 1e3\n",
            "i: .inf\n",
            "folded: >\n  a\n  b\n",
            "multi: this is\n  continued\n",
            "dup: 1\ndup: 2\n",
            "1: one\n",
            "flow: [a,\n  b]\n",
            "? complex\n: key\n",
            "\tindented: tab\n",
            "a:\n  - b\n - c\n",
        ];
        for doc in declined {
            if let Some(v) = parse(doc, MAX_DEPTH) {
                panic!("should decline:\n{doc}\ngot {v}");
            }
        }
    }

    #[test]
    fn every_example_and_its_reserialised_mutants_agree() {
        let mut files = Vec::new();
        for dir in [
            "../../examples",
            "../../examples/tutorial",
            "../../tests/negative",
        ] {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.extension().is_some_and(|x| x == "yaml") {
                    files.push(std::fs::read_to_string(p).unwrap());
                }
            }
        }
        let (mut taken, mut total) = (0, 0);
        let mut missed = Vec::new();
        let mut rng = crate::rng::Rng::new(11);
        for text in &files {
            for body in text.split("\n---\n") {
                total += 1;
                if agree(body) {
                    taken += 1;
                } else if slow(body).is_ok() {
                    missed.push(
                        body.lines()
                            .find(|l| l.starts_with("kind:"))
                            .unwrap_or("")
                            .to_string(),
                    );
                }
                // The same document as the library writes it, and small changes of it.
                let Ok(value) = slow(body) else { continue };
                let written = serde_yaml::to_string(&value).unwrap();
                total += 1;
                taken += agree(&written) as usize;
                // Characters that matter to YAML, dropped in anywhere.
                for _ in 0..20 {
                    let mut chars: Vec<char> = written.chars().collect();
                    let at = (rng.next_u64() % (chars.len() as u64 + 1)) as usize;
                    let c = [
                        ':', '-', '"', '\'', '#', '\t', ' ', '|', '[', '{', '&', '*', 'é', '\n',
                    ][(rng.next_u64() % 14) as usize];
                    chars.insert(at, c);
                    let body: String = chars.into_iter().collect();
                    if let Some(fast) = parse(&body, MAX_DEPTH) {
                        assert_eq!(Ok(fast), slow(&body), "on:\n{body}");
                    }
                }
                let lines: Vec<&str> = written.lines().collect();
                for _ in 0..20 {
                    let mut mutated = lines.clone();
                    let i = (rng.next_u64() % mutated.len() as u64) as usize;
                    match rng.next_u64() % 4 {
                        0 => {
                            mutated.remove(i);
                        }
                        1 => mutated.insert(i, mutated[i]),
                        2 => mutated.insert(i, "  # a comment"),
                        _ => mutated.insert(i, ""),
                    }
                    let body = mutated.join("\n");
                    if let Some(fast) = parse(&body, MAX_DEPTH) {
                        assert_eq!(Ok(fast), slow(&body), "on:\n{body}");
                    }
                }
            }
        }
        // The point is speed on ordinary manifests: every valid example takes the fast path.
        assert!(missed.is_empty(), "declined valid documents: {missed:?}");
        assert!(taken * 10 >= total * 9, "{taken} of {total} taken");
    }
}
