//! The simulation verbs: `sim step|advance|settle|seed|version|time|explain|crash|crashloop|
//! unready|heal|evict|image-broken|image-ok|node-down|node-up`. These names are stable: lessons
//! and scripts depend on them.

use crate::session::{Output, Session};
use sts_core::api::{Kind, Object, ObjectKey};
use sts_core::cluster::{Cluster, Config, Cut, Fault, SettleOutcome, StepReport};
use sts_core::explain::{explain, pod_diagnosis};
use sts_core::time::{Duration, Time, EPOCH};
use sts_core::timeline::{Input, Outcome, Timeline};

pub const HELP: &str = "sim controls the simulation:
  sim step                 one state change
  sim advance DURATION     run for a span of virtual time (30s, 5m, 1h)
  sim settle [--timeout D] run until nothing more happens on its own (default limit 10m)
  sim time                 the virtual clock
  sim explain [sts/NAME]   what the StatefulSet controller did and what it waits for
  sim seed N               replay the session with another random seed
  sim version 1.34         replay the session on another Kubernetes version (1.31-1.35)
  sim crash POD            the pod's container exits once
  sim crashloop POD        the pod's container exits now and after every start (until healed)
  sim unready POD          the pod's readiness probe fails (until healed)
  sim unhealthy POD        the pod's liveness probe fails: restarts (until healed)
  sim ignore-sigterm POD   the pod's process ignores SIGTERM: stopping takes the grace period
  sim heal POD             clear the pod's faults
  sim evict POD            the kubelet evicts the pod (node pressure)
  sim image-broken IMAGE   pulls of IMAGE fail
  sim image-ok IMAGE       pulls of IMAGE work again
  sim node-down NODE       the node's kubelet stops (NotReady after the grace period)
  sim node-up NODE         the node comes back";

/// `+1m5s`: a time as the offset from the start of the session.
pub fn offset(t: Time) -> String {
    format!("+{}", t - EPOCH)
}

fn report_text(r: &StepReport) -> String {
    let mut text = format!("step {} at {} ({})\n", r.index, offset(r.at), r.component);
    for change in &r.changes {
        text.push_str(&format!("  {change}\n"));
    }
    text
}

fn pod_arg(words: &[String], out: &mut Output, verb: &str) -> Option<(String, String)> {
    let mut namespace = "default".to_string();
    let mut name = None;
    let mut i = 0;
    while i < words.len() {
        match words[i].as_str() {
            "-n" | "--namespace" => {
                namespace = words.get(i + 1).cloned().unwrap_or_default();
                i += 2;
                continue;
            }
            w if w.starts_with("--namespace=") => namespace = w["--namespace=".len()..].to_string(),
            w => name = Some(w.strip_prefix("pod/").unwrap_or(w).to_string()),
        }
        i += 1;
    }
    match name {
        Some(n) => Some((namespace, n)),
        None => {
            out.fail(format!(
                "sim {verb} needs a pod name, e.g. sim {verb} web-1"
            ));
            None
        }
    }
}

fn pod_exists(session: &Session, ns: &str, name: &str) -> bool {
    session
        .cluster()
        .get(&ObjectKey::new(Kind::Pod, ns, name))
        .is_some()
}

/// `sim advance D` and `sim settle [--timeout D]` (the words after `sim`) as the input they
/// run; `None` for any other verb. The page runs these on its own clock, in slices.
pub fn parse_run(words: &[String]) -> Option<Result<Input, String>> {
    let rest = words.get(1..).unwrap_or_default();
    match words.first().map(String::as_str)? {
        "advance" => Some(
            rest.first()
                .and_then(|w| Duration::parse(w))
                .map(Input::Advance)
                .ok_or_else(|| "sim advance needs a duration, e.g. sim advance 30s".to_string()),
        ),
        "settle" => {
            let mut limit = Duration::minutes(10);
            let mut i = 0;
            while i < rest.len() {
                let (flag, value) = match rest[i].split_once('=') {
                    Some((f, v)) => (f.to_string(), Some(v.to_string())),
                    None => (rest[i].clone(), rest.get(i + 1).cloned()),
                };
                if flag != "--timeout" {
                    return Some(Err(format!("unknown flag for sim settle: {flag}")));
                }
                match value.as_deref().and_then(Duration::parse) {
                    Some(d) => limit = d,
                    None => {
                        return Some(Err(
                            "sim settle --timeout needs a duration, e.g. 5m".to_string()
                        ))
                    }
                }
                i += if rest[i].contains('=') { 1 } else { 2 };
            }
            Some(Ok(Input::Settle(limit)))
        }
        _ => None,
    }
}

/// What `sim advance` or `sim settle` prints once its run has ended (`start`: the clock
/// when it began). The page prints the same line when it runs them in slices.
pub fn run_summary(
    input: &Input,
    n: usize,
    settle: Option<SettleOutcome>,
    cut: Option<Cut>,
    start: Time,
    cluster: &Cluster,
) -> String {
    let now = cluster.now();
    let ran = now - start;
    let plural = if n == 1 { "" } else { "s" };
    let go_on = "; run it again to go on";
    match (input, settle, cut) {
        (_, Some(SettleOutcome::Settled), _) => format!(
            "settled at {} after {n} step{plural} ({ran} of simulated time)",
            offset(now)
        ),
        (Input::Advance(span), _, None) => {
            format!("advanced {span} to {}: {n} step{plural}", offset(now))
        }
        (Input::Advance(span), _, Some(cut)) => format!(
            "advanced {ran} of the {span} asked, to {}: {cut}; {}{go_on}",
            offset(now),
            cluster.ongoing()
        ),
        (_, _, Some(cut)) => format!(
            "not settled: {cut} ({ran} of simulated time, now {}); {}{go_on}",
            offset(now),
            cluster.ongoing()
        ),
        (Input::Settle(limit), _, None) => format!(
            "not settled after {limit} of simulated time ({n} step{plural}, now {}): something keeps changing, such as a crash loop or an image that cannot be pulled",
            offset(now)
        ),
        _ => String::new(),
    }
}

pub fn run(session: &mut Session, words: &[String], out: &mut Output) {
    let Some(verb) = words.first().map(String::as_str) else {
        out.out(HELP);
        return;
    };
    let rest = &words[1..];
    match verb {
        "help" | "--help" | "-h" => out.out(HELP),
        "step" => match session.input(Input::Step) {
            Outcome::Steps { reports, .. } if !reports.is_empty() => {
                out.out(reports.iter().map(report_text).collect::<String>())
            }
            Outcome::Steps { cut: Some(cut), .. } => out.out(format!(
                "no change: {cut} at {}; {}",
                offset(session.now()),
                session.cluster().ongoing()
            )),
            _ => out.out(format!(
                "nothing to do: the simulation is settled at {}",
                offset(session.now())
            )),
        },
        "advance" | "settle" => match parse_run(words) {
            Some(Ok(input)) => {
                let start = session.now();
                if let Outcome::Steps {
                    reports,
                    settle,
                    cut,
                } = session.input(input.clone())
                {
                    let n = reports.len();
                    out.out(run_summary(
                        &input,
                        n,
                        settle,
                        cut,
                        start,
                        session.cluster(),
                    ));
                }
            }
            Some(Err(e)) => out.fail(e),
            None => {}
        },
        "time" => {
            let now = session.now();
            out.out(format!("{} ({})", offset(now), now.rfc3339()));
        }
        "seed" => {
            let Some(seed) = rest.first().and_then(|w| w.parse::<u64>().ok()) else {
                return out.fail("sim seed needs a number, e.g. sim seed 7");
            };
            let config = Config {
                seed,
                ..session.cluster().config.clone()
            };
            replay(session, config, out, &format!("seed {seed}"));
        }
        "version" => {
            let Some(text) = rest.first() else {
                out.out(format!("Kubernetes 1.{} (simulated)", session.minor()));
                return;
            };
            match Config::parse_version(text) {
                Ok(minor) => {
                    let config = Config {
                        minor,
                        ..session.cluster().config.clone()
                    };
                    replay(session, config, out, &format!("Kubernetes 1.{minor}"));
                }
                Err(e) => out.fail(e),
            }
        }
        "explain" => explain_cmd(session, rest, out),
        "crash" | "crashloop" | "unready" | "unhealthy" | "ignore-sigterm" | "heal" | "evict" => {
            let Some((ns, pod)) = pod_arg(rest, out, verb) else {
                return;
            };
            let exists = pod_exists(session, &ns, &pod);
            let input = match verb {
                "crash" => Input::CrashOnce {
                    namespace: ns.clone(),
                    pod: pod.clone(),
                },
                "crashloop" => Input::SetFault {
                    namespace: ns.clone(),
                    pod: pod.clone(),
                    fault: Fault::CrashLoop,
                },
                "unready" => Input::SetFault {
                    namespace: ns.clone(),
                    pod: pod.clone(),
                    fault: Fault::Unready,
                },
                "unhealthy" => Input::SetFault {
                    namespace: ns.clone(),
                    pod: pod.clone(),
                    fault: Fault::Unhealthy,
                },
                "ignore-sigterm" => Input::SetFault {
                    namespace: ns.clone(),
                    pod: pod.clone(),
                    fault: Fault::IgnoreSigterm,
                },
                "heal" => Input::Heal {
                    namespace: ns.clone(),
                    pod: pod.clone(),
                },
                _ => Input::Evict {
                    namespace: ns.clone(),
                    pod: pod.clone(),
                },
            };
            if matches!(verb, "crash" | "evict") && !exists {
                out.fail(format!("pods \"{pod}\" not found"));
                return;
            }
            let unready_without_probe =
                verb == "unready" && !has_probe(session.cluster(), &ns, &pod, false);
            let unhealthy_without_probe =
                verb == "unhealthy" && !has_probe(session.cluster(), &ns, &pod, true);
            let done = match session.input(input) {
                Outcome::Done(d) => d,
                _ => false,
            };
            match verb {
                "crash" if done => out.out(format!("pod/{pod}: its container will exit with code 1 once; the kubelet restarts it")),
                "crash" => out.fail(format!("pod/{pod} has no running container to crash")),
                "crashloop" => out.out(format!("pod/{pod}: its container exits with code 1 now and after every start (kept across re-creation until sim heal {pod})")),
                "unready" => {
                    out.out(format!("pod/{pod}: its readiness probe now fails (kept across re-creation until sim heal {pod})"));
                    if unready_without_probe {
                        out.note(format!("{pod} has no readiness probe, so nothing will change: without a probe the kubelet reports a running container as Ready. Add a readinessProbe to the template to try this."));
                    }
                }
                "unhealthy" => {
                    out.out(format!("pod/{pod}: its liveness probe now fails; after failureThreshold failures the kubelet restarts the container (kept across re-creation until sim heal {pod})"));
                    if unhealthy_without_probe {
                        out.note(format!("{pod} has no liveness probe, so nothing will change: the kubelet only restarts containers whose liveness probe fails. Add a livenessProbe to the template to try this."));
                    }
                }
                "ignore-sigterm" => out.out(format!("pod/{pod}: its process now ignores SIGTERM; deleting it takes the whole terminationGracePeriodSeconds and ends in SIGKILL (kept across re-creation until sim heal {pod})")),
                "heal" if done => out.out(format!("pod/{pod}: faults cleared")),
                "heal" => out.out(format!("pod/{pod} had no faults")),
                _ if done => out.out(format!("pod/{pod} evicted by the kubelet (phase Failed, reason Evicted)")),
                _ => out.fail(format!("pod/{pod} is not running on a node")),
            }
        }
        "image-broken" | "image-ok" => {
            let Some(image) = rest.first() else {
                return out.fail(format!(
                    "sim {verb} needs an image, e.g. sim {verb} registry.k8s.io/nginx-slim:0.24"
                ));
            };
            let broken = verb == "image-broken";
            session.input(Input::ImageBroken {
                image: image.clone(),
                broken,
            });
            if broken {
                out.out(format!(
                    "image {image}: pulls now fail (ErrImagePull, then ImagePullBackOff)"
                ));
            } else {
                out.out(format!("image {image}: pulls work again"));
            }
        }
        "node-down" | "node-up" => {
            let Some(node) = rest.first() else {
                return out.fail(format!(
                    "sim {verb} needs a node name, e.g. sim {verb} node-1"
                ));
            };
            let node = node.strip_prefix("node/").unwrap_or(node).to_string();
            let down = verb == "node-down";
            let input = if down {
                Input::NodeDown(node.clone())
            } else {
                Input::NodeUp(node.clone())
            };
            match session.input(input) {
                Outcome::Done(true) if down => out.out(format!(
                    "node/{node}: its kubelet stopped; the node turns NotReady after {} without heartbeats",
                    session.cluster().config.node_monitor_grace()
                )),
                Outcome::Done(true) => out.out(format!("node/{node}: its kubelet is back")),
                _ if session.cluster().get(&ObjectKey::new(Kind::Node, "", &node)).is_none() => {
                    out.fail(format!("nodes \"{node}\" not found"))
                }
                _ if down => out.out(format!("node/{node} is already down")),
                _ => out.out(format!("node/{node} is already up")),
            }
        }
        other => {
            out.fail(format!("unknown sim command \"{other}\"\n{HELP}"));
        }
    }
}

fn has_probe(cluster: &Cluster, ns: &str, pod: &str, liveness: bool) -> bool {
    match cluster
        .get(&ObjectKey::new(Kind::Pod, ns, pod))
        .map(|o| &**o)
    {
        Some(Object::Pod(p)) => p.spec.containers.iter().any(|c| {
            if liveness {
                c.liveness_probe.is_some()
            } else {
                c.readiness_probe.is_some()
            }
        }),
        // A pod that does not exist yet may be created from a template with a probe.
        _ => true,
    }
}

fn replay(session: &mut Session, config: Config, out: &mut Output, what: &str) {
    let position = session.timeline().position();
    let replayed: Timeline = session.timeline().replay_with(config);
    let moments = replayed.len();
    session.set_timeline(replayed);
    out.out(format!(
        "replayed the session with {what}: {moments} moments (was at {position}), now at {}",
        offset(session.now())
    ));
}

fn explain_cmd(session: &Session, words: &[String], out: &mut Output) {
    let mut namespace = "default".to_string();
    let mut target = None;
    let mut i = 0;
    while i < words.len() {
        match words[i].as_str() {
            "-n" | "--namespace" => {
                namespace = words.get(i + 1).cloned().unwrap_or_default();
                i += 1;
            }
            w => target = Some(w.to_string()),
        }
        i += 1;
    }
    let cluster = session.cluster();
    if let Some(t) = &target {
        if let Some(pod) = t.strip_prefix("pod/").or_else(|| t.strip_prefix("po/")) {
            out.out(pod_diagnosis(cluster, &namespace, pod));
            return;
        }
    }
    let names: Vec<String> = match &target {
        Some(t) => {
            let name = t
                .strip_prefix("sts/")
                .or_else(|| t.strip_prefix("statefulset/"))
                .or_else(|| t.strip_prefix("statefulsets/"))
                .or_else(|| t.strip_prefix("statefulset.apps/"))
                .unwrap_or(t);
            vec![name.to_string()]
        }
        None => cluster
            .list(Kind::StatefulSet, Some(&namespace))
            .map(|o| o.meta().name.to_string())
            .collect(),
    };
    if names.is_empty() {
        out.out(format!(
            "There is no StatefulSet in the {namespace} namespace yet: apply one (kubectl apply -f FILE)."
        ));
        return;
    }
    let mut text = String::new();
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            text.push('\n');
        }
        match explain(
            cluster,
            &ObjectKey::new(Kind::StatefulSet, &namespace, name),
        ) {
            Some(e) => text.push_str(&e.to_string()),
            None => {
                out.fail(format!("statefulsets.apps \"{name}\" not found"));
                return;
            }
        }
    }
    out.out(text);
}
