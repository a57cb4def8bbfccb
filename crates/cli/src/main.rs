//! `stsplay`: the playground's command-line runner.

fn main() {
    println!(
        "stsplay {}: the StatefulSet Playground runner",
        env!("CARGO_PKG_VERSION")
    );
}
