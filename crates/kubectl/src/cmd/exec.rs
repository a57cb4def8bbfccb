//! `kubectl exec` and `kubectl run`: a small shell inside a simulated container.
//!
//! It knows what the tutorial and a learner's first checks need: `hostname`, `cat`, `ls`,
//! `echo … > FILE` into the pod's persistent volume (the files survive re-creation of the pod,
//! since they live in the volume), `curl http://localhost/` answered by nginx from that
//! volume, `nslookup` against cluster DNS, `env` and `date`. Anything else is "not found",
//! as a shell would say.

use super::Ctx;
use crate::args::{boolean, val, Flag};
use crate::shell::{self, Command, Vars};
use sts_core::api::{Kind, Object, Pod};
use sts_core::cluster::Cluster;
use sts_core::timeline::{Input, Outcome};

const EXEC_FLAGS: &[Flag] = &[
    boolean("stdin", Some('i')),
    boolean("tty", Some('t')),
    val("container", Some('c')),
    boolean("quiet", Some('q')),
    val("filename", Some('f')),
    val("pod-running-timeout", None),
];

/// What a command inside the container printed and its exit status.
#[derive(Default)]
struct Run {
    out: String,
    err: String,
    code: i32,
}

/// A container's view of the cluster: its pod, its mounts and its DNS.
struct Container<'a> {
    cluster: &'a Cluster,
    namespace: String,
    hostname: String,
    /// Mount path → claim name, for persistent volumes.
    mounts: Vec<(String, String)>,
    env: Vec<(String, String)>,
    /// Writes to make once the command has run: (claim, path in the volume, content).
    writes: Vec<(String, String, String)>,
    /// The image, to tell nginx (which answers `curl localhost`) from busybox.
    image: String,
}

impl Container<'_> {
    fn volume_path(&self, path: &str) -> Option<(String, String)> {
        self.mounts
            .iter()
            .filter(|(mount, _)| {
                path == mount || path.starts_with(&format!("{}/", mount.trim_end_matches('/')))
            })
            .max_by_key(|(mount, _)| mount.len())
            .map(|(mount, claim)| {
                let rel = path[mount.len()..].trim_start_matches('/').to_string();
                (claim.clone(), rel)
            })
    }

    fn read(&self, path: &str) -> Option<String> {
        if path == "/etc/hostname" {
            return Some(format!("{}\n", self.hostname));
        }
        if path == "/etc/resolv.conf" {
            return Some(format!(
                "search {}.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n",
                self.namespace
            ));
        }
        let (claim, rel) = self.volume_path(path)?;
        if let Some((_, _, content)) = self
            .writes
            .iter()
            .rev()
            .find(|(c, p, _)| *c == claim && *p == rel)
        {
            return Some(content.clone());
        }
        self.cluster
            .volume_files(&self.namespace, &claim)
            .and_then(|files| files.get(&rel).cloned())
    }

    fn list(&self, path: &str) -> Option<Vec<String>> {
        let (claim, rel) = self.volume_path(path)?;
        let mut names: Vec<String> = self
            .cluster
            .volume_files(&self.namespace, &claim)
            .map(|f| f.keys().cloned().collect())
            .unwrap_or_default();
        names.extend(
            self.writes
                .iter()
                .filter(|(c, _, _)| *c == claim)
                .map(|(_, p, _)| p.clone()),
        );
        let prefix = if rel.is_empty() {
            String::new()
        } else {
            format!("{rel}/")
        };
        let mut out: Vec<String> = names
            .iter()
            .filter_map(|n| n.strip_prefix(&prefix))
            .map(|n| n.split('/').next().unwrap_or(n).to_string())
            .collect();
        sts_core::sort::sort(&mut out);
        out.dedup();
        Some(out)
    }

    /// Runs one shell line.
    fn sh(&mut self, line: &str, vars: &mut Vars) -> Run {
        let mut run = Run::default();
        let commands = match shell::parse(line) {
            Ok(c) => c,
            Err(e) => {
                run.err = format!("sh: 1: {e}\n");
                run.code = 2;
                return run;
            }
        };
        self.sh_list(&commands, vars, &mut run);
        run
    }

    fn sh_list(&mut self, commands: &[(Command, shell::Joiner)], vars: &mut Vars, run: &mut Run) {
        for (command, joiner) in commands {
            match command {
                Command::Simple { words, redirect } => {
                    let mut expanded = Vec::new();
                    for w in words {
                        let mut subst_err = None;
                        let value = shell::expand(w, vars, &mut |inner| {
                            let mut inner_vars = vars.clone();
                            let r = self.sh_readonly(inner, &mut inner_vars);
                            if r.code != 0 {
                                subst_err = Some(r.err.clone());
                            }
                            Ok(r.out)
                        });
                        if let Some(e) = subst_err {
                            run.err.push_str(&e);
                        }
                        match value {
                            Ok(v) => expanded.push(v),
                            Err(e) => {
                                run.err.push_str(&format!("sh: 1: {e}\n"));
                                run.code = 2;
                                return;
                            }
                        }
                    }
                    let result = self.program(&expanded, vars);
                    match redirect {
                        Some((append, target)) => {
                            let target = shell::expand(target, vars, &mut |_| Ok(String::new()))
                                .unwrap_or_default();
                            run.err.push_str(&result.err);
                            match self.volume_path(&target) {
                                Some((claim, rel)) if !rel.is_empty() => {
                                    let mut content = if *append {
                                        self.read(&target).unwrap_or_default()
                                    } else {
                                        String::new()
                                    };
                                    content.push_str(&result.out);
                                    self.writes.push((claim, rel, content));
                                    run.code = result.code;
                                }
                                _ => {
                                    run.err.push_str(&format!(
                                        "sh: 1: cannot create {target}: Read-only file system (the playground keeps files only in the pod's persistent volumes: {})\n",
                                        self.mounts.iter().map(|(m, _)| m.as_str()).collect::<Vec<_>>().join(", ")
                                    ));
                                    run.code = 2;
                                }
                            }
                        }
                        None => {
                            run.out.push_str(&result.out);
                            run.err.push_str(&result.err);
                            run.code = result.code;
                        }
                    }
                }
                Command::For { var, items, body } => {
                    let values: Vec<String> = items
                        .iter()
                        .filter_map(|i| shell::expand(i, vars, &mut |_| Ok(String::new())).ok())
                        .flat_map(|v| v.split_whitespace().map(str::to_string).collect::<Vec<_>>())
                        .collect();
                    for v in values {
                        vars.insert(var.clone(), v);
                        self.sh_list(body, vars, run);
                    }
                }
            }
            if *joiner == shell::Joiner::IfOk && run.code != 0 {
                return;
            }
        }
    }

    /// `$(…)`: only commands without side effects.
    fn sh_readonly(&mut self, line: &str, vars: &mut Vars) -> Run {
        let writes = self.writes.len();
        let r = self.sh(line, vars);
        self.writes.truncate(writes);
        r
    }

    fn program(&mut self, words: &[String], vars: &mut Vars) -> Run {
        let mut run = Run::default();
        let Some(name) = words.first() else {
            return run;
        };
        let args = &words[1..];
        match name.as_str() {
            "sh" | "bash" | "/bin/sh" | "/bin/bash" => {
                if args.first().map(String::as_str) == Some("-c") {
                    let script = args.get(1).cloned().unwrap_or_default();
                    return self.sh(&script, vars);
                }
                run.err = "the playground's shell runs one command at a time: use sh -c 'COMMAND', or kubectl exec POD -- COMMAND\n".into();
                run.code = 2;
            }
            "hostname" => run.out = format!("{}\n", self.hostname),
            "echo" => {
                let (newline, rest) = match args.first().map(String::as_str) {
                    Some("-n") => (false, &args[1..]),
                    _ => (true, args),
                };
                run.out = rest.join(" ");
                if newline {
                    run.out.push('\n');
                }
            }
            "cat" => {
                for path in args {
                    match self.read(path) {
                        Some(text) => run.out.push_str(&text),
                        None => {
                            run.err
                                .push_str(&format!("cat: {path}: No such file or directory\n"));
                            run.code = 1;
                        }
                    }
                }
            }
            "ls" => {
                let paths: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
                let path = paths.first().map(|s| s.as_str()).unwrap_or("/");
                match self.list(path) {
                    Some(names) => {
                        for n in names {
                            run.out.push_str(&n);
                            run.out.push('\n');
                        }
                    }
                    None => {
                        run.err = format!("ls: cannot access '{path}': the playground shows only the pod's persistent volumes ({})\n",
                            self.mounts.iter().map(|(m, _)| m.as_str()).collect::<Vec<_>>().join(", "));
                        run.code = 2;
                    }
                }
            }
            "curl" | "wget" => {
                let url = args
                    .iter()
                    .find(|a| !a.starts_with('-'))
                    .cloned()
                    .unwrap_or_default();
                return self.curl(name, &url);
            }
            "nslookup" => {
                let Some(host) = args.iter().find(|a| !a.starts_with('-')) else {
                    run.err =
                        "BusyBox v1.28.4 multi-call binary.\n\nUsage: nslookup [HOST] [SERVER]\n"
                            .into();
                    run.code = 1;
                    return run;
                };
                return nslookup(self.cluster, &self.namespace, host);
            }
            "env" | "printenv" => {
                for (k, v) in &self.env {
                    run.out.push_str(&format!("{k}={v}\n"));
                }
            }
            "date" => {
                run.out = format!("{}\n", self.cluster.now().rfc1123z());
            }
            "exit" => {
                run.code = args.first().and_then(|a| a.parse().ok()).unwrap_or(0);
            }
            "true" | ":" => {}
            "false" => run.code = 1,
            "sleep" => {}
            other => {
                run.err = format!("sh: 1: {other}: not found\n");
                run.code = 127;
            }
        }
        run
    }

    fn curl(&self, tool: &str, url: &str) -> Run {
        let mut run = Run::default();
        let rest = url.strip_prefix("http://").unwrap_or(url);
        let (host, path) = match rest.split_once('/') {
            Some((h, p)) => (h, format!("/{p}")),
            None => (rest, "/".to_string()),
        };
        let host_only = host.split(':').next().unwrap_or(host);
        let local = matches!(host_only, "localhost" | "127.0.0.1");
        if !local {
            run.err = format!(
                "{tool}: the playground answers only http://localhost/ (this pod's own web server); {host_only} is not simulated\n"
            );
            run.code = if tool == "curl" { 7 } else { 1 };
            return run;
        }
        if !self.image.contains("nginx") {
            run.err = format!("{tool}: (7) Failed to connect to localhost port 80 after 0 ms: Couldn't connect to server\n");
            run.code = 7;
            return run;
        }
        let file = if path.ends_with('/') {
            format!("/usr/share/nginx/html{path}index.html")
        } else {
            format!("/usr/share/nginx/html{path}")
        };
        match self.read(&file) {
            Some(body) => run.out = body,
            None if path.ends_with('/') && self.volume_path(&file).is_some() => {
                run.out = nginx_page("403 Forbidden");
            }
            None => run.out = nginx_page("404 Not Found"),
        }
        run
    }
}

fn nginx_page(status: &str) -> String {
    format!(
        "<html>\r\n<head><title>{status}</title></head>\r\n<body>\r\n<center><h1>{status}</h1></center>\r\n<hr><center>nginx/1.11.13</center>\r\n</body>\r\n</html>\r\n"
    )
}

/// busybox 1.28's `nslookup` against the cluster's DNS.
fn nslookup(cluster: &Cluster, namespace: &str, host: &str) -> Run {
    let mut run = Run {
        out: "Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n".into(),
        ..Run::default()
    };
    let ips = cluster.resolve(host, namespace);
    if ips.is_empty() {
        run.err = format!("nslookup: can't resolve '{host}'\n");
        run.code = 1;
        return run;
    }
    run.out.push_str(&format!("Name:      {host}\n"));
    for (i, ip) in ips.iter().enumerate() {
        let name = reverse_name(cluster, ip);
        let name = name.map(|n| format!(" {n}")).unwrap_or_default();
        run.out
            .push_str(&format!("Address {}: {ip}{name}\n", i + 1));
    }
    run
}

/// The PTR name of a cluster IP: a pod's per-pod DNS name, or a Service's.
fn reverse_name(cluster: &Cluster, ip: &str) -> Option<String> {
    for o in cluster.list(Kind::Pod, None) {
        if let Object::Pod(p) = &**o {
            if p.status.pod_ip.as_deref() == Some(ip) {
                if let (Some(h), Some(s)) = (&p.spec.hostname, &p.spec.subdomain) {
                    return Some(format!(
                        "{h}.{s}.{}.svc.cluster.local",
                        p.metadata.namespace
                    ));
                }
                return Some(format!(
                    "{}.{}.pod.cluster.local",
                    ip.replace('.', "-"),
                    p.metadata.namespace
                ));
            }
        }
    }
    for o in cluster.list(Kind::Service, None) {
        if let Object::Service(s) = &**o {
            if s.spec.cluster_ip.as_deref() == Some(ip) {
                return Some(format!(
                    "{}.{}.svc.cluster.local",
                    s.metadata.name, s.metadata.namespace
                ));
            }
        }
    }
    None
}

/// Builds the container view of `pod`'s container `name`.
fn container<'a>(cluster: &'a Cluster, pod: &Pod, name: &str) -> Container<'a> {
    let spec = pod.spec.containers.iter().find(|c| c.name == name);
    let claims: Vec<(&str, &str)> = pod
        .spec
        .volumes
        .iter()
        .filter_map(|v| {
            v.persistent_volume_claim
                .as_ref()
                .map(|c| (v.name.as_str(), c.claim_name.as_str()))
        })
        .collect();
    let mounts = spec
        .and_then(|c| c.volume_mounts.as_ref())
        .into_iter()
        .flatten()
        .filter_map(|m| {
            claims
                .iter()
                .find(|(volume, _)| *volume == m.name)
                .map(|(_, c)| (m.mount_path.clone(), c.to_string()))
        })
        .collect();
    let hostname = pod
        .spec
        .hostname
        .clone()
        .unwrap_or_else(|| pod.metadata.name.to_string());
    let mut env = vec![
        ("HOSTNAME".to_string(), hostname.clone()),
        ("HOME".into(), "/root".into()),
        (
            "PATH".into(),
            "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".into(),
        ),
        ("KUBERNETES_SERVICE_HOST".into(), "10.96.0.1".into()),
        ("KUBERNETES_SERVICE_PORT".into(), "443".into()),
        ("KUBERNETES_SERVICE_PORT_HTTPS".into(), "443".into()),
    ];
    for e in spec.and_then(|c| c.env.as_ref()).into_iter().flatten() {
        env.push((e.name.clone(), e.value.clone().unwrap_or_default()));
    }
    sts_core::sort::sort(&mut env);
    Container {
        cluster,
        namespace: pod.metadata.namespace.to_string(),
        hostname,
        mounts,
        env,
        writes: Vec::new(),
        image: spec.and_then(|c| c.image.clone()).unwrap_or_default(),
    }
}

pub fn exec(ctx: &mut Ctx, words: &[String]) {
    let Some(args) = ctx.args(words, EXEC_FLAGS) else {
        return;
    };
    let Some(pod_arg) = args.positionals.first().cloned() else {
        return ctx.fail("pod, type/name or --filename must be specified");
    };
    let old_form = args.after_dash.is_none() && args.positionals.len() > 1;
    let command = if old_form && ctx.session.cluster().config.version().exec_without_dash() {
        ctx.out.err("kubectl exec [POD] [COMMAND] is DEPRECATED and will be removed in a future version. Use kubectl exec [POD] -- [COMMAND] instead.");
        args.positionals[1..].to_vec()
    } else {
        let Some(command) = args.after_dash.clone().filter(|c| !c.is_empty()) else {
            if old_form {
                return ctx.fail("exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead");
            }
            return ctx.fail("you must specify at least one command for the container");
        };
        command
    };
    let ns = ctx.namespace(&args);
    let pod_name = pod_arg
        .strip_prefix("pod/")
        .or_else(|| pod_arg.strip_prefix("pods/"))
        .or_else(|| pod_arg.strip_prefix("po/"))
        .unwrap_or(&pod_arg)
        .to_string();
    let Some(object) = ctx.session.get(Kind::Pod, &ns, &pod_name) else {
        return ctx.not_found(Kind::Pod, &pod_name);
    };
    let Object::Pod(pod) = &*object else { return };
    let container_name = match args.get("container") {
        Some(c) => c.to_string(),
        None => pod
            .spec
            .containers
            .first()
            .map(|c| c.name.clone())
            .unwrap_or_default(),
    };
    if !pod.spec.containers.iter().any(|c| c.name == container_name) {
        return ctx.fail(format!(
            "container {container_name} not found in pod {pod_name}"
        ));
    }
    if let Err(e) = reachable(ctx.session.cluster(), pod, &container_name) {
        ctx.out.err(e);
        ctx.out.code = 1;
        return;
    }
    let (run, writes) = {
        let cluster = ctx.session.cluster();
        let mut c = container(cluster, pod, &container_name);
        let mut vars = Vars::new();
        let r = c.program(&command, &mut vars);
        (r, c.writes)
    };
    for (claim, path, content) in writes {
        ctx.session.input(Input::WriteFile {
            namespace: ns.clone(),
            claim,
            path,
            content,
        });
    }
    push_run(ctx, run);
}

fn push_run(ctx: &mut Ctx, run: Run) {
    if !run.out.is_empty() {
        ctx.out.chunks.push((crate::session::Stream::Out, run.out));
    }
    if !run.err.is_empty() {
        ctx.out.chunks.push((crate::session::Stream::Err, run.err));
    }
    if run.code != 0 {
        ctx.out
            .err(format!("command terminated with exit code {}", run.code));
        ctx.out.code = run.code;
    }
}

/// Whether `kubectl exec` can reach the container, or kubectl's error.
fn reachable(cluster: &Cluster, pod: &Pod, container: &str) -> Result<(), String> {
    match &*pod.status.phase {
        "Succeeded" | "Failed" => {
            return Err(format!(
                "error: cannot exec into a container in a completed pod; current phase is {}",
                pod.status.phase
            ))
        }
        _ => {}
    }
    if let Some(node) = &pod.spec.node_name {
        if cluster.is_node_down(node) {
            return Err(format!(
                "Error from server: error dialing backend: dial tcp: lookup {node}: i/o timeout"
            ));
        }
    }
    let running = pod
        .status
        .container_statuses
        .iter()
        .any(|s| s.name == container && s.state.running.is_some());
    if !running {
        return Err(format!(
            "error: unable to upgrade connection: container not found (\"{container}\")"
        ));
    }
    Ok(())
}

const RUN_FLAGS: &[Flag] = &[
    val("image", None),
    boolean("stdin", Some('i')),
    boolean("tty", Some('t')),
    boolean("rm", None),
    val("restart", None),
    val("labels", Some('l')),
    val("env", None),
    val("port", None),
    boolean("command", None),
    val("dry-run", None),
    val("output", Some('o')),
    boolean("attach", None),
];

pub fn run(ctx: &mut Ctx, words: &[String]) {
    let Some(args) = ctx.args(words, RUN_FLAGS) else {
        return;
    };
    let Some(name) = args.positionals.first().cloned() else {
        return ctx.fail("NAME is required for run");
    };
    let Some(image) = args.get("image").map(str::to_string) else {
        return ctx.fail("--image is required");
    };
    let ns = ctx.namespace(&args);
    let interactive = args.on("stdin") || args.on("tty");
    let command = args.after_dash.clone().unwrap_or_default();
    if args.on("rm") && !interactive {
        return ctx.fail("--rm should only be used for attached containers");
    }
    if interactive && args.on("rm") {
        // An attached, throw-away pod: run the command (or the heredoc's lines) in it.
        let cluster = ctx.session.cluster();
        let mut pod = Pod::default();
        pod.metadata.name = name.clone().into();
        pod.metadata.namespace = ns.clone().into();
        pod.spec.containers = vec![sts_core::api::Container {
            name: name.clone(),
            image: Some(image.clone()),
            ..Default::default()
        }]
        .into();
        let mut c = container(cluster, &pod, &name);
        let mut vars = Vars::new();
        let mut text = String::new();
        let mut errors = String::new();
        let mut code = 0;
        if !command.is_empty() {
            let r = c.program(&command, &mut vars);
            text.push_str(&r.out);
            errors.push_str(&r.err);
            code = r.code;
        } else {
            text.push_str("If you don't see a command prompt, try pressing enter.\n");
            for line in ctx.stdin.unwrap_or_default().lines() {
                let line = line.trim();
                if line.is_empty() {
                    continue;
                }
                text.push_str(&format!("/ # {line}\n"));
                if line == "exit" || line.starts_with("exit ") {
                    break;
                }
                let r = c.sh(line, &mut vars);
                text.push_str(&r.out);
                text.push_str(&r.err);
            }
            if ctx.stdin.is_none() {
                ctx.out.note("kubectl run -it opens a shell; in a script, give its commands after -- (… -- nslookup web-0.nginx) or in a heredoc (<<EOF … EOF)");
            }
        }
        if !text.is_empty() {
            ctx.out.chunks.push((crate::session::Stream::Out, text));
        }
        if !errors.is_empty() {
            ctx.out.chunks.push((crate::session::Stream::Err, errors));
        }
        let suffix = ctx.session.deleted_suffix(Kind::Pod, &ns);
        ctx.out.out(format!("pod \"{name}\" deleted{suffix}"));
        if code != 0 {
            ctx.out.err(format!("pod {ns}/{name} terminated (Error)"));
            ctx.out.code = 1;
        }
        return;
    }
    // A detached pod is created in the cluster for real.
    let restart = args.get("restart").unwrap_or("Always").to_string();
    let mut labels = serde_json::Map::new();
    labels.insert("run".into(), name.clone().into());
    let mut container_json = serde_json::json!({"name": name, "image": image, "resources": {}});
    if !command.is_empty() {
        container_json["args"] = serde_json::Value::from(command.clone());
    }
    let value = serde_json::json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name, "namespace": ns, "labels": labels},
        "spec": {"containers": [container_json], "restartPolicy": restart, "dnsPolicy": "ClusterFirst"},
    });
    let object = match sts_core::manifest::strict_decode_value(Kind::Pod, value) {
        Ok(o) => o,
        Err(e) => return ctx.fail(e.message()),
    };
    match ctx.session.input(Input::Create(object)) {
        Outcome::Applied(Ok(_)) => ctx.out.out(format!("pod/{name} created")),
        Outcome::Applied(Err(e)) => ctx.api_error(&e, None),
        _ => {}
    }
}
