//! Scripts: one command per line, `#` comments and blank lines ignored, a trailing `\`
//! continues a line, and `<<EOF … EOF` heredocs feed a command's stdin (`kubectl apply -f -`).

use crate::session::{Files, Session};

/// One command of a script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptCommand {
    /// 1-based line where the command starts.
    pub line: usize,
    /// The command as written, without its heredoc.
    pub text: String,
    /// The heredoc's body, if it has one.
    pub stdin: Option<String>,
}

/// Splits a script into commands. Errors name the line.
pub fn parse(text: &str) -> Result<Vec<ScriptCommand>, String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let start = i;
        let mut command = lines[i].trim_end().to_string();
        i += 1;
        while command.ends_with('\\') && i < lines.len() {
            command.pop();
            command.push(' ');
            command.push_str(lines[i].trim());
            i += 1;
        }
        let trimmed = command.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let (text, delimiter) = split_heredoc(trimmed);
        let stdin = match delimiter {
            None => None,
            Some((delimiter, strip_tabs)) => {
                let mut body = String::new();
                let mut closed = false;
                while i < lines.len() {
                    let l = lines[i];
                    i += 1;
                    let candidate = if strip_tabs {
                        l.trim_start_matches('\t')
                    } else {
                        l
                    };
                    if candidate.trim_end() == delimiter {
                        closed = true;
                        break;
                    }
                    body.push_str(candidate);
                    body.push('\n');
                }
                if !closed {
                    return Err(format!(
                        "line {}: the heredoc <<{delimiter} is never closed (a line with only {delimiter} ends it)",
                        start + 1
                    ));
                }
                Some(body)
            }
        };
        out.push(ScriptCommand {
            line: start + 1,
            text: text.to_string(),
            stdin,
        });
    }
    Ok(out)
}

/// `cmd <<EOF` → (`cmd`, Some(("EOF", false))). Quotes around the word are dropped; `<<-`
/// strips leading tabs from the body.
fn split_heredoc(line: &str) -> (&str, Option<(String, bool)>) {
    let mut quote = None;
    let bytes = line.as_bytes();
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '<') if bytes.get(i + 1) == Some(&b'<') => {
                let mut rest = &line[i + 2..];
                let strip = rest.starts_with('-');
                if strip {
                    rest = &rest[1..];
                }
                let word = rest.trim().trim_matches(|c| c == '\'' || c == '"');
                if word.is_empty() || word.contains(char::is_whitespace) {
                    return (line, None);
                }
                return (line[..i].trim_end(), Some((word.to_string(), strip)));
            }
            _ => {}
        }
    }
    (line, None)
}

/// Runs a script and returns its transcript: each command as `$ command`, then what it
/// printed (stdout and stderr interleaved as a terminal shows them).
pub fn transcript(
    session: &mut Session,
    script: &str,
    files: &dyn Files,
) -> Result<String, String> {
    let commands = parse(script)?;
    let mut out = String::new();
    for c in commands {
        // Each `$ command` starts a line, even after output without a final newline (a
        // jsonpath value); the mark is the one zsh shows for a missing newline.
        if !out.is_empty() && !out.ends_with('\n') {
            out.push_str("%\n");
        }
        out.push_str("$ ");
        out.push_str(&c.text);
        out.push('\n');
        let result = session.run(&c.text, c.stdin.as_deref(), files);
        out.push_str(&result.text());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_command_starts_its_own_line_after_output_without_a_newline() {
        let mut session = Session::new(sts_core::cluster::Config::default());
        let text = transcript(&mut session, "echo -n a\necho b\n", &crate::NoFiles).unwrap();
        assert_eq!(text, "$ echo -n a\na%\n$ echo b\nb\n");
    }

    #[test]
    fn comments_continuations_and_heredocs() {
        let script = "# a comment\n\nkubectl get \\\n  pods\nkubectl apply -f - <<'EOF'\nkind: X\n  indented: 1\nEOF\nsim settle\n";
        let commands = parse(script).unwrap();
        assert_eq!(commands.len(), 3);
        assert_eq!(commands[0].text, "kubectl get  pods");
        assert_eq!(commands[0].line, 3);
        assert_eq!(commands[1].text, "kubectl apply -f -");
        assert_eq!(
            commands[1].stdin.as_deref(),
            Some("kind: X\n  indented: 1\n")
        );
        assert_eq!(commands[2].line, 9);
    }

    #[test]
    fn an_unclosed_heredoc_names_its_line() {
        let err = parse("echo hi\nkubectl apply -f - <<EOF\nkind: X\n").unwrap_err();
        assert!(
            err.starts_with("line 2: the heredoc <<EOF is never closed"),
            "{err}"
        );
    }

    #[test]
    fn shifts_inside_quotes_are_not_heredocs() {
        let commands = parse("echo 'a << b'\n").unwrap();
        assert_eq!(commands[0].stdin, None);
    }
}
