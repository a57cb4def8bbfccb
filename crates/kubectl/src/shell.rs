//! The little shell around commands: what a learner types at a terminal prompt, and what
//! `sh -c '…'` runs inside a simulated pod.
//!
//! Supported: words with `'single'` and `"double"` quotes and backslash escapes, `$VAR` and
//! `${VAR}`, `$(command)` substitution (where the caller can run it), `;` and `&&`, `>` and
//! `>>` redirection to a file, `# comments`, and `for VAR in WORDS; do …; done` loops. Pipes,
//! globbing and the rest of POSIX sh are refused with a clear message, never guessed at.

use std::collections::BTreeMap;

/// A piece of one word, before expansion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    Lit(String),
    Var(String),
    Subst(String),
}

/// One word: its parts, concatenated after expansion.
pub type Word = Vec<Part>;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Word(Word),
    Semi,
    And,
    Redirect { append: bool },
}

/// A parsed command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Simple {
        words: Vec<Word>,
        /// `> file` or `>> file`.
        redirect: Option<(bool, Word)>,
    },
    For {
        var: String,
        items: Vec<Word>,
        body: Vec<(Command, Joiner)>,
    },
}

/// How a command is joined to the next one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Joiner {
    /// `;` or the end of the line: run the next whatever happened.
    Always,
    /// `&&`: run the next only if this one succeeded.
    IfOk,
}

/// Splits a line into tokens.
fn tokenize(line: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = line.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    let mut word: Word = Vec::new();
    let mut in_word = false;
    let push_lit = |word: &mut Word, c: char| match word.last_mut() {
        Some(Part::Lit(s)) => s.push(c),
        _ => word.push(Part::Lit(c.to_string())),
    };
    while i < chars.len() {
        let c = chars[i];
        match c {
            ' ' | '\t' | '\n' | '\r' => {
                if in_word {
                    tokens.push(Token::Word(std::mem::take(&mut word)));
                    in_word = false;
                }
                i += 1;
            }
            '#' if !in_word => break,
            ';' | '&' | '>' | '|' | '<' | '`' => {
                if in_word {
                    tokens.push(Token::Word(std::mem::take(&mut word)));
                    in_word = false;
                }
                match c {
                    ';' => tokens.push(Token::Semi),
                    '&' if chars.get(i + 1) == Some(&'&') => {
                        tokens.push(Token::And);
                        i += 1;
                    }
                    '&' => return Err("running commands in the background (&) is not supported".into()),
                    '>' if chars.get(i + 1) == Some(&'>') => {
                        tokens.push(Token::Redirect { append: true });
                        i += 1;
                    }
                    '>' => tokens.push(Token::Redirect { append: false }),
                    '|' => return Err("pipes (|) are not supported here; run each command on its own".into()),
                    '<' => return Err("input redirection (<) is not supported here; heredocs (<<EOF) work in scripts".into()),
                    _ => return Err("backquotes are not supported; use $(…)".into()),
                }
                i += 1;
            }
            '\'' => {
                in_word = true;
                let start = i + 1;
                let Some(end) = chars[start..].iter().position(|&c| c == '\'') else {
                    return Err("unexpected EOF while looking for matching `''".into());
                };
                let text: String = chars[start..start + end].iter().collect();
                match word.last_mut() {
                    Some(Part::Lit(s)) => s.push_str(&text),
                    _ => word.push(Part::Lit(text)),
                }
                i = start + end + 1;
            }
            '"' => {
                in_word = true;
                i += 1;
                // An empty "" still makes a word.
                if !matches!(word.last(), Some(Part::Lit(_))) {
                    word.push(Part::Lit(String::new()));
                }
                loop {
                    let Some(&c) = chars.get(i) else {
                        return Err("unexpected EOF while looking for matching `\"'".into());
                    };
                    match c {
                        '"' => {
                            i += 1;
                            break;
                        }
                        '\\' if matches!(chars.get(i + 1), Some('"' | '\\' | '$' | '`')) => {
                            push_lit(&mut word, chars[i + 1]);
                            i += 2;
                        }
                        '$' => {
                            i = dollar(&chars, i, &mut word)?;
                        }
                        c => {
                            push_lit(&mut word, c);
                            i += 1;
                        }
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(&next) = chars.get(i + 1) {
                    push_lit(&mut word, next);
                }
                i += 2;
            }
            '$' => {
                in_word = true;
                i = dollar(&chars, i, &mut word)?;
            }
            c => {
                in_word = true;
                push_lit(&mut word, c);
                i += 1;
            }
        }
    }
    if in_word {
        tokens.push(Token::Word(word));
    }
    Ok(tokens)
}

/// Reads `$NAME`, `${NAME}` or `$(command)` at `i`; returns the index after it.
fn dollar(chars: &[char], i: usize, word: &mut Word) -> Result<usize, String> {
    match chars.get(i + 1) {
        Some('(') => {
            let mut depth = 0;
            let mut j = i + 1;
            while j < chars.len() {
                match chars[j] {
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            let inner: String = chars[i + 2..j].iter().collect();
                            word.push(Part::Subst(inner));
                            return Ok(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            Err("unexpected EOF while looking for matching `)'".into())
        }
        Some('{') => {
            let Some(end) = chars[i + 2..].iter().position(|&c| c == '}') else {
                return Err("bad substitution".into());
            };
            let name: String = chars[i + 2..i + 2 + end].iter().collect();
            word.push(Part::Var(name));
            Ok(i + 3 + end)
        }
        Some(c) if c.is_ascii_alphanumeric() || *c == '_' || *c == '?' => {
            let mut j = i + 1;
            if *c == '?' {
                j += 1;
            } else {
                while j < chars.len() && (chars[j].is_ascii_alphanumeric() || chars[j] == '_') {
                    j += 1;
                }
            }
            word.push(Part::Var(chars[i + 1..j].iter().collect()));
            Ok(j)
        }
        _ => {
            match word.last_mut() {
                Some(Part::Lit(s)) => s.push('$'),
                _ => word.push(Part::Lit("$".into())),
            }
            Ok(i + 1)
        }
    }
}

/// The literal text of a word that has no expansions, if it is one.
fn literal(word: &Word) -> Option<String> {
    let mut out = String::new();
    for part in word {
        match part {
            Part::Lit(s) => out.push_str(s),
            _ => return None,
        }
    }
    Some(out)
}

/// Parses a command line into commands, each with how it joins the next.
pub fn parse(line: &str) -> Result<Vec<(Command, Joiner)>, String> {
    let tokens = tokenize(line)?;
    let mut pos = 0;
    let commands = parse_list(&tokens, &mut pos, None)?;
    if pos < tokens.len() {
        return Err("syntax error near unexpected token".into());
    }
    Ok(commands)
}

fn keyword(tokens: &[Token], pos: usize) -> Option<String> {
    match tokens.get(pos) {
        Some(Token::Word(w)) => literal(w),
        _ => None,
    }
}

fn parse_list(
    tokens: &[Token],
    pos: &mut usize,
    until: Option<&str>,
) -> Result<Vec<(Command, Joiner)>, String> {
    let mut out: Vec<(Command, Joiner)> = Vec::new();
    loop {
        // Skip empty statements.
        while matches!(tokens.get(*pos), Some(Token::Semi)) {
            *pos += 1;
        }
        if *pos >= tokens.len() {
            if let Some(word) = until {
                return Err(format!(
                    "syntax error: unexpected end of line (expected `{word}')"
                ));
            }
            return Ok(out);
        }
        if let Some(word) = until {
            if keyword(tokens, *pos).as_deref() == Some(word) {
                *pos += 1;
                return Ok(out);
            }
        }
        let command = if keyword(tokens, *pos).as_deref() == Some("for") {
            parse_for(tokens, pos)?
        } else {
            parse_simple(tokens, pos)?
        };
        let joiner = match tokens.get(*pos) {
            Some(Token::Semi) => {
                *pos += 1;
                Joiner::Always
            }
            Some(Token::And) => {
                *pos += 1;
                Joiner::IfOk
            }
            None => Joiner::Always,
            Some(_) if until.is_some() => Joiner::Always,
            Some(_) => return Err("syntax error near unexpected token".into()),
        };
        out.push((command, joiner));
    }
}

fn parse_simple(tokens: &[Token], pos: &mut usize) -> Result<Command, String> {
    let mut words = Vec::new();
    let mut redirect = None;
    while let Some(token) = tokens.get(*pos) {
        match token {
            Token::Word(w) => {
                if words.is_empty() && matches!(literal(w).as_deref(), Some("do" | "done")) {
                    return Err(format!(
                        "syntax error near unexpected token `{}'",
                        literal(w).unwrap_or_default()
                    ));
                }
                words.push(w.clone());
                *pos += 1;
            }
            Token::Redirect { append } => {
                *pos += 1;
                let Some(Token::Word(target)) = tokens.get(*pos) else {
                    return Err("syntax error near unexpected token `newline'".into());
                };
                redirect = Some((*append, target.clone()));
                *pos += 1;
            }
            Token::Semi | Token::And => break,
        }
    }
    if words.is_empty() {
        return Err("syntax error near unexpected token".into());
    }
    Ok(Command::Simple { words, redirect })
}

fn parse_for(tokens: &[Token], pos: &mut usize) -> Result<Command, String> {
    *pos += 1;
    let var = keyword(tokens, *pos).ok_or("syntax error: `for' needs a variable name")?;
    *pos += 1;
    if keyword(tokens, *pos).as_deref() != Some("in") {
        return Err("syntax error: expected `in' after `for NAME'".into());
    }
    *pos += 1;
    let mut items = Vec::new();
    while let Some(Token::Word(w)) = tokens.get(*pos) {
        items.push(w.clone());
        *pos += 1;
    }
    if !matches!(tokens.get(*pos), Some(Token::Semi)) {
        return Err("syntax error: expected `;' after the list of a `for'".into());
    }
    *pos += 1;
    if keyword(tokens, *pos).as_deref() != Some("do") {
        return Err("syntax error: expected `do'".into());
    }
    *pos += 1;
    let body = parse_list(tokens, pos, Some("done"))?;
    Ok(Command::For { var, items, body })
}

/// Variables in scope while expanding.
pub type Vars = BTreeMap<String, String>;

/// Expands a word: variables from `vars` (unset ones are empty) and command substitutions
/// through `subst`, which returns the command's output.
pub fn expand(
    word: &Word,
    vars: &Vars,
    subst: &mut dyn FnMut(&str) -> Result<String, String>,
) -> Result<String, String> {
    let mut out = String::new();
    for part in word {
        match part {
            Part::Lit(s) => out.push_str(s),
            Part::Var(name) => out.push_str(vars.get(name).map_or("", String::as_str)),
            Part::Subst(command) => {
                let text = subst(command)?;
                out.push_str(text.trim_end_matches('\n'));
            }
        }
    }
    Ok(out)
}

/// Quotes a word for echoing a command back, when it needs it.
pub fn quote(word: &str) -> String {
    if !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:,@%+".contains(c))
    {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        match parse(line).unwrap().remove(0).0 {
            Command::Simple { words, .. } => words
                .iter()
                .map(|w| expand(w, &Vars::new(), &mut |_| Ok("X".into())).unwrap())
                .collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn quotes_and_escapes() {
        assert_eq!(
            words(r#"kubectl patch sts web -p '{"spec":{"replicas":3}}'"#),
            [
                "kubectl",
                "patch",
                "sts",
                "web",
                "-p",
                r#"{"spec":{"replicas":3}}"#
            ]
        );
        assert_eq!(words(r#"echo "a b" c\ d """#), ["echo", "a b", "c d", ""]);
        assert_eq!(words(r#"echo "$(hostname)""#), ["echo", "X"]);
    }

    #[test]
    fn for_loops_and_lists() {
        let parsed =
            parse(r#"for i in 0 1; do kubectl exec "web-$i" -- sh -c 'hostname'; done"#).unwrap();
        let Command::For { var, items, body } = &parsed[0].0 else {
            panic!()
        };
        assert_eq!(var, "i");
        assert_eq!(items.len(), 2);
        assert_eq!(body.len(), 1);
        let Command::Simple { words, .. } = &body[0].0 else {
            panic!()
        };
        let vars = Vars::from([("i".to_string(), "1".to_string())]);
        assert_eq!(
            expand(&words[2], &vars, &mut |_| Ok(String::new())).unwrap(),
            "web-1"
        );
        assert_eq!(parse("a; b && c").unwrap().len(), 3);
        assert_eq!(parse("a && b").unwrap()[0].1, Joiner::IfOk);
    }

    #[test]
    fn redirection_and_errors() {
        let parsed = parse("echo hi > /tmp/x").unwrap();
        let Command::Simple { redirect, .. } = &parsed[0].0 else {
            panic!()
        };
        assert!(!redirect.as_ref().unwrap().0);
        assert!(parse("echo 'open").unwrap_err().contains("matching"));
        assert!(parse("a | b").unwrap_err().contains("pipes"));
        assert!(parse("for i in 1 2; do echo").unwrap_err().contains("done"));
        assert_eq!(parse("  # only a comment").unwrap(), vec![]);
    }
}
