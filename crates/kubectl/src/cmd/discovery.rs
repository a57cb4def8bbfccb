//! `kubectl api-resources` and `kubectl api-versions`: what the simulated API server's
//! discovery serves — the kinds the playground simulates or stores, nothing more.

use super::Ctx;
use crate::args::{boolean, val, Flag};
use crate::printers::TabWriter;
use sts_core::api::Kind;

const FLAGS: &[Flag] = &[
    val("output", Some('o')),
    val("namespaced", None),
    val("api-group", None),
    boolean("no-headers", None),
];

/// The served kinds, as kubectl lists them: by group (the core group first), then by name.
fn served() -> Vec<Kind> {
    let mut kinds: Vec<Kind> = Kind::ALL.to_vec();
    sts_core::sort::sort_by_key(&mut kinds, |k| (k.group(), k.resource()));
    kinds
}

pub fn api_resources(ctx: &mut Ctx, words: &[String]) {
    let Some(args) = ctx.args(words, FLAGS) else {
        return;
    };
    let namespaced = match args.get("namespaced") {
        None => None,
        Some("true") => Some(true),
        Some("false") => Some(false),
        Some(other) => {
            ctx.out.err(format!(
                "error: invalid argument \"{other}\" for \"--namespaced\" flag: strconv.ParseBool: parsing \"{other}\": invalid syntax\nSee 'kubectl api-resources --help' for usage."
            ));
            ctx.out.code = 1;
            return;
        }
    };
    let kinds: Vec<Kind> = served()
        .into_iter()
        .filter(|k| namespaced.is_none_or(|n| k.namespaced() == n))
        .filter(|k| args.get("api-group").is_none_or(|g| k.group() == g))
        .collect();
    match args.get("output") {
        Some("name") => {
            let names: String = kinds
                .iter()
                .map(|k| match k.group() {
                    "" => format!("{}\n", k.resource()),
                    g => format!("{}.{g}\n", k.resource()),
                })
                .collect();
            ctx.out.out(names);
        }
        None => {
            let mut table = String::new();
            if !args.on("no-headers") {
                table.push_str("NAME\tSHORTNAMES\tAPIVERSION\tNAMESPACED\tKIND\n");
            }
            for k in &kinds {
                table.push_str(&format!(
                    "{}\t{}\t{}\t{}\t{}\n",
                    k.resource(),
                    crate::resources::short_names(*k)
                        .collect::<Vec<_>>()
                        .join(","),
                    k.api_version(),
                    k.namespaced(),
                    k.name()
                ));
            }
            ctx.out.out(TabWriter::kubectl().format(&table));
        }
        Some(other) => {
            ctx.out.err(format!(
                "error: --output {other} is not available\nSee 'kubectl api-resources -h' for help and examples"
            ));
            ctx.out.code = 1;
        }
    }
}

pub fn api_versions(ctx: &mut Ctx) {
    let mut versions: Vec<&str> = Kind::ALL.iter().map(|k| k.api_version()).collect();
    sts_core::sort::sort(&mut versions);
    versions.dedup();
    ctx.out.out(
        versions
            .iter()
            .map(|v| format!("{v}\n"))
            .collect::<String>(),
    );
}
