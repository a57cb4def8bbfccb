//! Finding where a field path (`spec.template.spec.containers[0].imagee`) is written in a block
//! YAML document, so the editor can point at the line. Flow-style (`{a: 1}`) and JSON documents
//! fall back to the nearest enclosing key that can be found.

/// 1-based (line, column) of the key at `path` in `doc`, or of its nearest located ancestor.
pub fn locate(doc: &str, path: &str) -> Option<(usize, usize)> {
    let lines: Vec<&str> = doc.lines().collect();
    let mut found = None;
    // The search window: lines [from, to) whose keys sit deeper than `parent_indent`.
    let (mut from, mut to, mut parent_indent) = (0usize, lines.len(), -1i64);
    for segment in path.split('.') {
        let (name, indexes) = match segment.find('[') {
            Some(i) => (&segment[..i], &segment[i..]),
            None => (segment, ""),
        };
        if !name.is_empty() {
            let Some((line, indent)) = find_key(&lines, from, to, parent_indent, name) else {
                return found;
            };
            found = Some((line + 1, indent as usize + 1));
            from = line + 1;
            to = block_end(&lines, from, indent);
            parent_indent = indent;
        }
        for index in indexes.split(['[', ']']).filter(|s| !s.is_empty()) {
            let i: usize = index.parse().ok()?;
            let Some((line, indent)) = find_item(&lines, from, to, parent_indent, i) else {
                return found;
            };
            found = Some((line + 1, indent as usize + 1));
            // Keys of the item start on the dash line, two columns in.
            from = line;
            to = item_end(&lines, line + 1, to, indent);
            parent_indent = indent;
        }
    }
    found
}

fn indent_of(line: &str) -> i64 {
    (line.len() - line.trim_start_matches(' ').len()) as i64
}

fn is_content(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && !t.starts_with('#')
}

/// The first line in [from, to) holding `name:` as a key deeper than `parent_indent`; on a
/// `- name:` line the key's indent is the dash's plus two.
fn find_key(
    lines: &[&str],
    from: usize,
    to: usize,
    parent_indent: i64,
    name: &str,
) -> Option<(usize, i64)> {
    let mut key_indent: Option<i64> = None;
    for (i, line) in lines.iter().enumerate().take(to).skip(from) {
        if !is_content(line) {
            continue;
        }
        let mut indent = indent_of(line);
        let mut rest = line.trim_start_matches(' ');
        if let Some(after) = rest.strip_prefix("- ") {
            indent += 2 + (after.len() - after.trim_start_matches(' ').len()) as i64;
            rest = after.trim_start_matches(' ');
        }
        if indent <= parent_indent {
            continue;
        }
        // Only keys at the first level inside the window count.
        let level = *key_indent.get_or_insert(indent);
        if indent != level {
            continue;
        }
        let key = rest
            .split(':')
            .next()
            .unwrap_or("")
            .trim()
            .trim_matches(['"', '\'']);
        if key == name && rest.contains(':') {
            return Some((i, indent));
        }
    }
    None
}

/// The `index`-th `- ` item in [from, to) deeper than `parent_indent`.
fn find_item(
    lines: &[&str],
    from: usize,
    to: usize,
    parent_indent: i64,
    index: usize,
) -> Option<(usize, i64)> {
    let mut seen = 0;
    let mut dash_indent: Option<i64> = None;
    for (i, line) in lines.iter().enumerate().take(to).skip(from) {
        if !is_content(line) || !line.trim_start().starts_with('-') {
            continue;
        }
        let indent = indent_of(line);
        if indent < parent_indent {
            continue;
        }
        let level = *dash_indent.get_or_insert(indent);
        if indent != level {
            continue;
        }
        if seen == index {
            return Some((i, indent));
        }
        seen += 1;
    }
    None
}

/// Where the block under a key at `indent` ends: the first content line not deeper than it
/// (a sequence may sit at the key's own indent).
fn block_end(lines: &[&str], from: usize, indent: i64) -> usize {
    for (i, line) in lines.iter().enumerate().skip(from) {
        if !is_content(line) {
            continue;
        }
        let own = indent_of(line);
        if own < indent || (own == indent && !line.trim_start().starts_with('-')) {
            return i;
        }
    }
    lines.len()
}

/// Where a sequence item whose dash is at `indent` ends.
fn item_end(lines: &[&str], from: usize, to: usize, indent: i64) -> usize {
    for (i, line) in lines.iter().enumerate().take(to).skip(from) {
        if !is_content(line) {
            continue;
        }
        if indent_of(line) <= indent {
            return i;
        }
    }
    to
}

#[cfg(test)]
mod tests {
    use super::locate;

    const DOC: &str = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n      - name: nginx\n        image: nginx\n      - name: sidecar\n        imagee: busybox\n";

    #[test]
    fn keys_and_list_items_are_found() {
        assert_eq!(locate(DOC, "kind"), Some((2, 1)));
        assert_eq!(locate(DOC, "spec.replicas"), Some((6, 3)));
        assert_eq!(
            locate(DOC, "spec.template.spec.containers[1].imagee"),
            Some((13, 9))
        );
        assert_eq!(
            locate(DOC, "spec.template.spec.containers[0].name"),
            Some((10, 9))
        );
        assert_eq!(
            locate(DOC, "spec.nothing"),
            Some((5, 1)),
            "the nearest ancestor"
        );
    }
}
