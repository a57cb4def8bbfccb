//! Command-line flags the way kubectl's flag library (pflag) reads them: flags anywhere among
//! the arguments, `--flag=value` and `--flag value`, `-n ns`, `-nns` and `-n=ns`, grouped
//! short booleans (`-it`), `--bool=false`, and everything after `--` left alone.

/// One flag a command accepts.
#[derive(Clone, Copy, Debug)]
pub struct Flag {
    pub long: &'static str,
    pub short: Option<char>,
    /// Whether it takes a value (otherwise it is a boolean).
    pub value: bool,
}

pub const fn val(long: &'static str, short: Option<char>) -> Flag {
    Flag {
        long,
        short,
        value: true,
    }
}

pub const fn boolean(long: &'static str, short: Option<char>) -> Flag {
    Flag {
        long,
        short,
        value: false,
    }
}

/// Flags every command accepts.
pub const GLOBAL: &[Flag] = &[
    val("namespace", Some('n')),
    val("context", None),
    val("cluster", None),
    val("user", None),
    val("kubeconfig", None),
    val("request-timeout", None),
    val("v", Some('v')),
];

#[derive(Clone, Debug, Default)]
pub struct Args {
    pub positionals: Vec<String>,
    /// Flags in the order given, by long name.
    pub flags: Vec<(&'static str, String)>,
    /// The words after `--`, if there was one.
    pub after_dash: Option<Vec<String>>,
}

impl Args {
    /// Parses `words` (the words after the command name) against `specs` plus [`GLOBAL`].
    /// Errors are kubectl's text without the `error: ` prefix.
    pub fn parse(words: &[String], specs: &[Flag]) -> Result<Args, String> {
        let find_long = |name: &str| specs.iter().chain(GLOBAL).find(|f| f.long == name);
        let find_short = |c: char| specs.iter().chain(GLOBAL).find(|f| f.short == Some(c));
        let mut args = Args::default();
        let mut i = 0;
        while i < words.len() {
            let word = &words[i];
            i += 1;
            if word == "--" {
                args.after_dash = Some(words[i..].to_vec());
                break;
            }
            if let Some(rest) = word.strip_prefix("--") {
                let (name, inline) = match rest.split_once('=') {
                    Some((n, v)) => (n, Some(v.to_string())),
                    None => (rest, None),
                };
                let Some(flag) = find_long(name) else {
                    return Err(format!("unknown flag: --{name}"));
                };
                let value = match (flag.value, inline) {
                    (_, Some(v)) => v,
                    (true, None) => {
                        let Some(v) = words.get(i) else {
                            return Err(format!("flag needs an argument: --{name}"));
                        };
                        i += 1;
                        v.clone()
                    }
                    (false, None) => "true".into(),
                };
                if !flag.value && value != "true" && value != "false" {
                    return Err(format!(
                        "invalid argument \"{value}\" for \"--{name}\" flag: strconv.ParseBool: parsing \"{value}\": invalid syntax"
                    ));
                }
                args.flags.push((flag.long, value));
                continue;
            }
            if word.len() > 1 && word.starts_with('-') {
                let chars: Vec<char> = word[1..].chars().collect();
                let mut j = 0;
                while j < chars.len() {
                    let c = chars[j];
                    let Some(flag) = find_short(c) else {
                        return Err(format!("unknown shorthand flag: '{c}' in {word}"));
                    };
                    if flag.value {
                        let rest: String = chars[j + 1..].iter().collect();
                        let value = if let Some(v) = rest.strip_prefix('=') {
                            v.to_string()
                        } else if !rest.is_empty() {
                            rest
                        } else {
                            let Some(v) = words.get(i) else {
                                return Err(format!("flag needs an argument: '{c}' in -{c}"));
                            };
                            i += 1;
                            v.clone()
                        };
                        args.flags.push((flag.long, value));
                        break;
                    }
                    if chars.get(j + 1) == Some(&'=') {
                        let value: String = chars[j + 2..].iter().collect();
                        args.flags.push((flag.long, value));
                        break;
                    }
                    args.flags.push((flag.long, "true".into()));
                    j += 1;
                }
                continue;
            }
            args.positionals.push(word.clone());
        }
        Ok(args)
    }

    /// The last value given for a flag.
    pub fn get(&self, long: &str) -> Option<&str> {
        self.flags
            .iter()
            .rev()
            .find(|(l, _)| *l == long)
            .map(|(_, v)| v.as_str())
    }

    /// Every value given for a repeatable flag, comma lists split.
    pub fn all(&self, long: &str) -> Vec<String> {
        self.flags
            .iter()
            .filter(|(l, _)| *l == long)
            .flat_map(|(_, v)| v.split(',').map(str::to_string).collect::<Vec<_>>())
            .filter(|v| !v.is_empty())
            .collect()
    }

    /// A boolean flag: false when absent.
    pub fn on(&self, long: &str) -> bool {
        self.get(long) == Some("true")
    }

    pub fn has(&self, long: &str) -> bool {
        self.get(long).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    const SPECS: &[Flag] = &[
        val("output", Some('o')),
        val("selector", Some('l')),
        boolean("watch", Some('w')),
        boolean("stdin", Some('i')),
        boolean("tty", Some('t')),
    ];

    #[test]
    fn flags_anywhere_in_every_form() {
        let a = Args::parse(
            &w("pods -l app=nginx -owide --watch web-0 -n=kube-system"),
            SPECS,
        )
        .unwrap();
        assert_eq!(a.positionals, ["pods", "web-0"]);
        assert_eq!(a.get("selector"), Some("app=nginx"));
        assert_eq!(a.get("output"), Some("wide"));
        assert!(a.on("watch"));
        assert_eq!(a.get("namespace"), Some("kube-system"));
        let a = Args::parse(&w("-it web-0 --watch=false -- sh -c x"), SPECS).unwrap();
        assert!(a.on("stdin") && a.on("tty") && !a.on("watch"));
        assert_eq!(a.after_dash.unwrap(), ["sh", "-c", "x"]);
    }

    #[test]
    fn kubectl_error_texts() {
        assert_eq!(
            Args::parse(&w("--bogus"), SPECS).unwrap_err(),
            "unknown flag: --bogus"
        );
        assert_eq!(
            Args::parse(&w("-z"), SPECS).unwrap_err(),
            "unknown shorthand flag: 'z' in -z"
        );
        assert_eq!(
            Args::parse(&w("pods -l"), SPECS).unwrap_err(),
            "flag needs an argument: 'l' in -l"
        );
        assert_eq!(
            Args::parse(&w("pods --selector"), SPECS).unwrap_err(),
            "flag needs an argument: --selector"
        );
    }
}
