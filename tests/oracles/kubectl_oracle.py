"""The kubectl oracle: the real kubectl reads the simulator's objects and prints them.

    python kubectl_oracle.py KUBECTL STATE_JSON OURS_JSONL COMMANDS_FILE [--log FILE] [--real FILE]
        [--differences FILE] [--shift-times]

STATE_JSON is what `stsplay state SCRIPT` prints (`{"now", "objects"}`), OURS_JSONL what
`stsplay outputs SCRIPT COMMANDS_FILE` prints (one `{"command", "stdout", "stderr", "code"}`
a line). A small read-only API server on 127.0.0.1 serves the objects (discovery, lists,
single objects, NotFound), the real KUBECTL runs every command of COMMANDS_FILE against it
(from that file's folder, so `-f` paths read as ours do), and its stdout, stderr and exit
code are compared byte for byte with ours. A PATCH of an existing object is answered with the
object unchanged and reported: `kubectl apply` sends one only when its three-way patch is not
empty, so re-applying a file over an object the simulator applied tests our
last-applied-configuration record against the one kubectl computes. Commands listed in
kubectl-differences.txt (beside this file) are reported but do not fail the run; a listed
command that now matches does. `--log FILE` writes every request kubectl made, per command;
`--real FILE` what the real kubectl printed, in the shape of OURS_JSONL. `--differences FILE`
reads the listed differences from FILE instead (the default list belongs to
kubectl-commands.txt: for any other COMMANDS_FILE nothing is listed unless this is given).

`--shift-times` is for commands that print ages against the wall clock (`kubectl describe`):
the server then serves every timestamp string (`YYYY-MM-DDTHH:MM:SSZ`, with or without a
fraction of a second) moved by (wall clock - the simulator's `now`), in whole seconds, so that
the real kubectl computes the simulator's ages; ours computes them against `now`. The shift is
taken again just before each command, at the start of a wall clock second, so that kubectl has
nearly a whole second to get every age right (one shift for the whole run goes wrong as soon
as the run outlasts a second). The absolute dates the real kubectl prints
(`Mon, 02 Jan 2006 15:04:05 +0000`, or RFC 3339) are then moved back before comparing; a
command that outlasts its second is run again, and after three such runs gets a note on its
stderr (so it shows as a difference).
Kinds `kubectl describe` reads are answered though they are not discovered: a node's Lease,
which the simulator derives and `stsplay state` prints, and ResourceQuotas and LimitRanges,
none.
Exit 0 when everything matches, 1 on a difference, 2 when the harness itself cannot run.
Standard library only.
"""

import datetime
import difflib
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))
DIFFERENCES = os.path.join(HERE, "kubectl-differences.txt")
COMMANDS = os.path.join(HERE, "kubectl-commands.txt")

# The server says it is this Kubernetes (the minor and gitVersion are the state's).
SERVER_VERSION = {
    "major": "1",
    "minor": "34",
    "gitVersion": "v1.34.0",
    "gitCommit": "0000000000000000000000000000000000000000",
    "gitTreeState": "clean",
    "buildDate": "2025-08-27T00:00:00Z",
    "goVersion": "go1.24.6",
    "compiler": "gc",
    "platform": "linux/amd64",
}

# (group, version, resource, singular, kind, namespaced, short names): every kind
# `stsplay state` prints, as the API server's discovery lists it. CATEGORIES: `kubectl get all`.
RESOURCES = [
    ("", "v1", "pods", "pod", "Pod", True, ["po"]),
    ("", "v1", "persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim",
     True, ["pvc"]),
    ("", "v1", "persistentvolumes", "persistentvolume", "PersistentVolume", False, ["pv"]),
    ("", "v1", "services", "service", "Service", True, ["svc"]),
    ("", "v1", "endpoints", "endpoints", "Endpoints", True, ["ep"]),
    ("discovery.k8s.io", "v1", "endpointslices", "endpointslice", "EndpointSlice", True, []),
    ("", "v1", "nodes", "node", "Node", False, ["no"]),
    ("", "v1", "events", "event", "Event", True, ["ev"]),
    ("", "v1", "namespaces", "namespace", "Namespace", False, ["ns"]),
    ("", "v1", "configmaps", "configmap", "ConfigMap", True, ["cm"]),
    ("", "v1", "secrets", "secret", "Secret", True, []),
    ("", "v1", "serviceaccounts", "serviceaccount", "ServiceAccount", True, ["sa"]),
    ("apps", "v1", "statefulsets", "statefulset", "StatefulSet", True, ["sts"]),
    ("apps", "v1", "controllerrevisions", "controllerrevision", "ControllerRevision", True, []),
    ("storage.k8s.io", "v1", "storageclasses", "storageclass", "StorageClass", False, ["sc"]),
    ("policy", "v1", "poddisruptionbudgets", "poddisruptionbudget", "PodDisruptionBudget",
     True, ["pdb"]),
]

GROUPS = ["apps", "storage.k8s.io", "policy", "discovery.k8s.io"]

# Kinds that `kubectl describe` reads, in RESOURCES' shape, answered but not discovered: a
# node's Lease (from the state) and a namespace's ResourceQuotas and LimitRanges (none, as in
# a new cluster).
UNDISCOVERED = [
    ("coordination.k8s.io", "v1", "leases", "lease", "Lease", True, []),
    ("", "v1", "resourcequotas", "resourcequota", "ResourceQuota", True, ["quota"]),
    ("", "v1", "limitranges", "limitrange", "LimitRange", True, ["limits"]),
]
CATEGORIES = {"pods": ["all"], "services": ["all"], "statefulsets": ["all"]}


def group_version(group, version):
    return f"{group}/{version}" if group else version


def prefix(group, version):
    return f"/apis/{group}/{version}" if group else f"/api/{version}"


def status(code, reason, message, details=None):
    body = {
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Failure",
        "message": message,
        "reason": reason,
    }
    if details is not None:
        body["details"] = details
    body["code"] = code
    return body


class Store:
    """The objects, by (group, version, resource), sorted as etcd lists them."""

    def __init__(self, objects):
        by_kind = {(r[0], r[4]): r for r in RESOURCES + UNDISCOVERED}
        self.objects = {(r[0], r[1], r[2]): [] for r in RESOURCES + UNDISCOVERED}
        self.unserved = []
        for obj in objects:
            api_version = obj.get("apiVersion", "")
            group = api_version.split("/")[0] if "/" in api_version else ""
            r = by_kind.get((group, obj.get("kind")))
            if r is None:
                self.unserved.append(f"{api_version} {obj.get('kind')}")
                continue
            self.objects[(r[0], r[1], r[2])].append(obj)
        for items in self.objects.values():
            items.sort(key=lambda o: (o["metadata"].get("namespace", ""), o["metadata"]["name"]))
        rvs = [int(o["metadata"].get("resourceVersion", "0") or 0) for o in objects]
        self.resource_version = str(max(rvs, default=1))
        self.original = self.objects

    def shift(self, seconds):
        """Serves the objects with every timestamp moved by `seconds` (0: as they are)."""
        self.objects = {key: [shift_times(o, seconds) for o in items]
                        for key, items in self.original.items()}


TIMESTAMP = re.compile(r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d{1,9})?Z$")


def parse_time(text):
    """The UTC datetime of `YYYY-MM-DDTHH:MM:SS` (no fraction, no zone)."""
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S").replace(
        tzinfo=datetime.timezone.utc)


def shift_times(value, seconds):
    """A copy of a JSON value with every RFC 3339 timestamp string moved by `seconds`."""
    if isinstance(value, dict):
        return {k: shift_times(v, seconds) for k, v in value.items()}
    if isinstance(value, list):
        return [shift_times(v, seconds) for v in value]
    if isinstance(value, str) and seconds:
        m = TIMESTAMP.match(value)
        if m:
            moved = parse_time(m.group(1)) + datetime.timedelta(seconds=seconds)
            return moved.strftime("%Y-%m-%dT%H:%M:%S") + (m.group(2) or "") + "Z"
    return value


# The absolute dates kubectl prints: describe's time.RFC1123Z, and RFC 3339 (the generic
# describer prints the strings as they are).
RFC1123Z = re.compile(r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|"
                      r"Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) ([+-]\d{4})")
RFC3339 = re.compile(r"\b(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d{1,9})?Z")


def unshift_dates(text, seconds):
    """`text` with every absolute date in it moved back by `seconds`."""
    if not seconds:
        return text

    def rfc1123z(m):
        moved = datetime.datetime.strptime(m.group(0), "%a, %d %b %Y %H:%M:%S %z")
        moved -= datetime.timedelta(seconds=seconds)
        return moved.strftime("%a, %d %b %Y %H:%M:%S %z")

    def rfc3339(m):
        moved = parse_time(m.group(1)) - datetime.timedelta(seconds=seconds)
        return moved.strftime("%Y-%m-%dT%H:%M:%S") + (m.group(2) or "") + "Z"

    return RFC3339.sub(rfc3339, RFC1123Z.sub(rfc1123z, text))


def server_version(minor):
    """What `/version` says: the simulated release, `1.MINOR.0`."""
    return {**SERVER_VERSION, "minor": str(minor), "gitVersion": f"v1.{minor}.0"}


def discovery(port, minor):
    """Path → body for the legacy discovery documents."""
    docs = {
        "/version": server_version(minor),
        "/api": {
            "kind": "APIVersions",
            "versions": ["v1"],
            "serverAddressByClientCIDRs": [
                {"clientCIDR": "0.0.0.0/0", "serverAddress": f"127.0.0.1:{port}"}
            ],
        },
        "/apis": {
            "kind": "APIGroupList",
            "apiVersion": "v1",
            "groups": [
                {
                    "name": g,
                    "versions": [{"groupVersion": f"{g}/v1", "version": "v1"}],
                    "preferredVersion": {"groupVersion": f"{g}/v1", "version": "v1"},
                }
                for g in GROUPS
            ],
        },
    }
    for group in [""] + GROUPS:
        resources = [
            {
                "name": r[2],
                "singularName": r[3],
                "namespaced": r[5],
                "kind": r[4],
                "verbs": ["get", "list"],
                **({"shortNames": r[6]} if r[6] else {}),
                **({"categories": CATEGORIES[r[2]]} if r[2] in CATEGORIES else {}),
            }
            for r in RESOURCES
            if r[0] == group
        ]
        docs[prefix(group, "v1")] = {
            "kind": "APIResourceList",
            "apiVersion": "v1",
            "groupVersion": group_version(group, "v1"),
            "resources": resources,
        }
    return docs


def openapi_v3(minor):
    """Path → body for the OpenAPI v3 documents `kubectl explain` reads: the playground's own
    www/openapi/v1.MINOR.json, assembled per group version as the page assembles it. None when
    that file does not exist (then kubectl finds no /openapi/v3)."""
    path = os.path.join(HERE, "..", "..", "www", "openapi", f"v1.{minor}.json")
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    schemas = data["schemas"]
    docs, index = {}, {}
    for gv, entry in data["groupVersions"].items():
        reached, stack = set(), list(entry["kinds"])
        while stack:
            name = stack.pop()
            if name not in reached:
                reached.add(name)
                stack.extend(re.findall(r'"#/components/schemas/([^"]+)"',
                                        json.dumps(schemas[name])))
        docs[f"/openapi/v3/{gv}"] = {
            "openapi": "3.0.0",
            "info": {"title": "Kubernetes", "version": data["info"]["version"]},
            "paths": entry["paths"],
            "components": {"schemas": {n: schemas[n] for n in sorted(reached)}},
        }
        index[gv] = {"serverRelativeURL": f"/openapi/v3/{gv}?hash=0"}
    docs["/openapi/v3"] = {"paths": index}
    return docs


def split_selector(text):
    """Splits a selector at the commas outside parentheses."""
    parts, depth, current, escaped = [], 0, "", False
    for ch in text:
        if escaped:  # a field selector's `\,`, `\=` or `\\` (fields.EscapeValue)
            current += ch
            escaped = False
            continue
        if ch == "\\":
            current += ch
            escaped = True
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return [p.strip() for p in parts if p.strip()]


def label_matcher(text):
    """A predicate over a label map for a label selector (equality and set based)."""
    tests = []
    for req in split_selector(text):
        words = req.split()
        if len(words) >= 2 and words[1] in ("in", "notin"):
            key, op = words[0], words[1]
            values = {v.strip() for v in req.split("(", 1)[1].rstrip(")").split(",")}
            if op == "in":
                tests.append(lambda l, k=key, vs=values: l.get(k) in vs)
            else:
                tests.append(lambda l, k=key, vs=values: l.get(k) not in vs)
        elif "!=" in req:
            key, value = (s.strip() for s in req.split("!=", 1))
            tests.append(lambda l, k=key, v=value: l.get(k) != v)
        elif "==" in req:
            key, value = (s.strip() for s in req.split("==", 1))
            tests.append(lambda l, k=key, v=value: l.get(k) == v)
        elif "=" in req:
            key, value = (s.strip() for s in req.split("=", 1))
            tests.append(lambda l, k=key, v=value: l.get(k) == v)
        elif req.startswith("!"):
            tests.append(lambda l, k=req[1:].strip(): k not in l)
        else:
            tests.append(lambda l, k=req: k in l)
    return lambda labels: all(t(labels or {}) for t in tests)


# Field labels the API server accepts in a field selector, per resource (upstream's
# *ToSelectableFields); every resource takes metadata.name and metadata.namespace.
FIELD_LABELS = {
    "pods": ["spec.nodeName", "spec.restartPolicy", "spec.schedulerName",
             "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP",
             "status.nominatedNodeName"],
    "events": ["involvedObject.kind", "involvedObject.namespace", "involvedObject.name",
               "involvedObject.uid", "involvedObject.apiVersion",
               "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason",
               "reportingComponent", "source", "type"],
    "nodes": ["spec.unschedulable"],
    "namespaces": ["status.phase"],
    "secrets": ["type"],
}


def unsupported_field(resource, text):
    """The first field label of a field selector the API server would refuse, or None."""
    allowed = ["metadata.name", "metadata.namespace"] + FIELD_LABELS.get(resource, [])
    for req in split_selector(text):
        path = re.split(r"!=|==|=", req, 1)[0].strip()
        if path not in allowed:
            return path
    return None


def field_matcher(text):
    """A predicate over an object for a field selector (`path=value`, `path!=value`)."""
    tests = []
    for req in split_selector(text):
        negate = "!=" in req
        path, value = req.split("!=" if negate else ("==" if "==" in req else "="), 1)
        path, value = path.strip(), re.sub(r"\\(.)", r"\1", value.strip())

        def lookup(obj, path=path):
            for part in path.split("."):
                obj = obj.get(part) if isinstance(obj, dict) else None
            return "" if obj is None else str(obj)

        tests.append(lambda o, f=lookup, v=value, n=negate: (f(o) == v) != n)
    return lambda obj: all(t(obj) for t in tests)


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, store, minor):
        super().__init__(("127.0.0.1", 0), Handler)
        self.store = store
        self.docs = discovery(self.server_address[1], minor)
        self.docs.update(openapi_v3(minor))
        self.log = []  # (index of the command running, method, path, status)
        self.lock = threading.Lock()
        self.current = None  # the index of the command running
        self.undiscovered = set()  # the UNDISCOVERED resources kubectl asked for
        self.patches = []  # (command index, path, body) of each PATCH kubectl sent

    def route(self, method, raw_path, body=b""):
        """(status code, body) for a request."""
        if method not in ("GET", "PATCH"):
            return 405, status(405, "MethodNotAllowed",
                               f"the kubectl oracle's API server is read-only ({method})")
        url = urllib.parse.urlsplit(raw_path)
        query = urllib.parse.parse_qs(url.query)
        path = url.path.rstrip("/") or "/"
        if path in self.docs:
            return 200, self.docs[path]
        if query.get("watch", ["false"])[0] in ("true", "1"):
            return 405, status(405, "MethodNotAllowed", "the kubectl oracle does not watch")
        parts = path.strip("/").split("/")
        for r in RESOURCES + UNDISCOVERED:
            base = prefix(r[0], r[1]).strip("/").split("/")
            if parts[: len(base)] != base:
                continue
            rest = parts[len(base):]
            namespace = None
            if r[5] and len(rest) >= 3 and rest[0] == "namespaces":
                namespace, rest = rest[1], rest[2:]
            if not rest or rest[0] != r[2] or len(rest) > 2:
                continue
            name = rest[1] if len(rest) == 2 else None
            if method == "PATCH":
                # `kubectl apply` sends a patch only when its three-way merge is not empty: the
                # patch is kept for the report and the object answered unchanged.
                code, obj = self.serve(r, namespace, name, query)
                if code == 200 and name is not None:
                    with self.lock:
                        self.patches.append((self.current, raw_path, body.decode("utf-8", "replace")))
                return code, obj
            return self.serve(r, namespace, name, query)
        return 404, status(404, "NotFound", "the server could not find the requested resource",
                           {})

    def serve(self, r, namespace, name, query):
        group, version, resource = r[0], r[1], r[2]
        if r in UNDISCOVERED:
            with self.lock:
                self.undiscovered.add(resource)
        items = self.store.objects[(group, version, resource)]
        if namespace is not None:
            items = [o for o in items if o["metadata"].get("namespace") == namespace]
        if name is not None:
            for obj in items:
                if obj["metadata"]["name"] == name:
                    return 200, obj
            qualified = f"{resource}.{group}" if group else resource
            details = {"name": name, **({"group": group} if group else {}), "kind": resource}
            return 404, status(404, "NotFound", f'{qualified} "{name}" not found', details)
        if "labelSelector" in query:
            matches = label_matcher(query["labelSelector"][0])
            items = [o for o in items if matches(o["metadata"].get("labels"))]
        if "fieldSelector" in query:
            refused = unsupported_field(resource, query["fieldSelector"][0])
            if refused is not None:
                return 400, status(400, "BadRequest", f"field label not supported: {refused}")
            matches = field_matcher(query["fieldSelector"][0])
            items = [o for o in items if matches(o)]
        return 200, {
            "apiVersion": group_version(group, version),
            "kind": f"{r[4]}List",
            "metadata": {"resourceVersion": self.store.resource_version},
            "items": items,
        }


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def answer(self):
        # A body (a write's) is read, so that the connection stays usable.
        sent = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            code, body = self.server.route(self.command, self.path, sent)
        except Exception as e:  # a bug here must show, not hang kubectl
            code, body = 500, status(500, "InternalError", f"kubectl oracle: {e!r}")
        data = json.dumps(body).encode()
        with self.server.lock:
            self.server.log.append((self.server.current, self.command, self.path, code))
        self.send_response(code)
        # The API server's deprecation warning for v1 Endpoints (1.33+), on every request.
        if "endpoints" in self.path.split("?")[0].split("/"):
            self.send_header("Warning", '299 - "v1 Endpoints is deprecated in v1.33+; use '
                             'discovery.k8s.io/v1 EndpointSlice"')
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = answer

    def log_message(self, *args):
        pass


def read_commands(path):
    commands = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                commands.append(line)
    return commands


def read_differences(path, commands):
    """The listed commands (command → reason), and the problems of the list itself."""
    listed, problems = {}, []
    if not os.path.exists(path):
        return listed, problems
    with open(path) as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            command = next((c for c in commands if line.startswith(c + " # ")), None)
            if command is None:
                problems.append(f"{os.path.basename(path)}:{number}: `{line}` is not a command "
                                "of the commands file followed by ` # reason`")
            else:
                listed[command] = line[len(command) + 3:].strip()
    return listed, problems


def run_kubectl(kubectl, args, env, cwd=None):
    try:
        p = subprocess.run([kubectl] + args, env=env, capture_output=True, timeout=30, cwd=cwd)
        return p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace"), \
            p.returncode
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode("utf-8", "replace")
        err = (e.stderr or b"").decode("utf-8", "replace")
        return out, err + "\n[kubectl oracle: killed after 30 s]\n", -9


def diff(name, real, ours, limit=40):
    """A unified diff of one stream, real kubectl against ours, at most `limit` lines."""
    a, b = real.splitlines(keepends=True), ours.splitlines(keepends=True)
    if "".join(real.split()) == "".join(ours.split()):
        # Only whitespace differs: show the lines quoted, so that it can be seen.
        a = [repr(line) + "\n" for line in a]
        b = [repr(line) + "\n" for line in b]
        name += " (whitespace only; lines quoted)"
    lines = []
    for line in difflib.unified_diff(a, b, f"{name}: real kubectl", f"{name}: ours"):
        if line.endswith("\n"):
            lines.append(line)
        else:
            lines.append(line + "\n")
            lines.append("\\ No newline at end of file\n")
    if len(lines) > limit:
        lines = lines[:limit] + [f"... ({len(lines) - limit} more lines)\n"]
    return "".join("    " + line for line in lines)


def main(argv):
    options = {}
    for name in ("--log", "--real", "--differences"):
        if name in argv[:-1]:
            i = argv.index(name)
            options[name] = argv[i + 1]
            argv = argv[:i] + argv[i + 2:]
    log_path, real_path = options.get("--log"), options.get("--real")
    shift = "--shift-times" in argv
    argv = [a for a in argv if a != "--shift-times"]
    if len(argv) != 4:
        sys.exit(__doc__)
    kubectl, state_path, ours_path, commands_path = argv
    kubectl = os.path.abspath(kubectl)
    differences = options.get("--differences")
    if differences is None and os.path.abspath(commands_path) == COMMANDS:
        differences = DIFFERENCES
    with open(state_path) as f:
        state = json.load(f)
    ours = {}
    with open(ours_path) as f:
        for line in f:
            if line.strip():
                entry = json.loads(line)
                ours[entry["command"]] = entry
    commands = read_commands(commands_path)
    missing = [c for c in commands if c not in ours]
    if missing:
        print(f"kubectl oracle: {ours_path} has no output for: {missing}")
        return 2
    listed, problems = read_differences(differences, commands) if differences else ({}, [])

    version = subprocess.run([kubectl, "version", "--client", "-o", "json"],
                             capture_output=True, text=True)
    try:
        kubectl_version = json.loads(version.stdout)["clientVersion"]["gitVersion"]
    except (ValueError, KeyError):
        print(f"kubectl oracle: {kubectl} version --client failed: {version.stderr}")
        return 2

    store = Store(state["objects"])
    sim_now = None
    if shift:
        m = TIMESTAMP.match(state.get("now", ""))
        if not m:
            print(f"kubectl oracle: --shift-times needs the simulator's `now`, not "
                  f"{state.get('now')!r}")
            return 2
        sim_now = parse_time(m.group(1)).timestamp()
    shifts = []  # per command, the seconds its timestamps were moved by
    server = Server(store, state.get("minor", 34))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    try:
        with tempfile.TemporaryDirectory(prefix="kubectl-oracle-") as home:
            kubeconfig = os.path.join(home, "kubeconfig")
            with open(kubeconfig, "w") as f:
                json.dump({
                    "apiVersion": "v1",
                    "kind": "Config",
                    "clusters": [{"name": "sim", "cluster": {
                        "server": f"http://127.0.0.1:{port}"}}],
                    "users": [{"name": "sim", "user": {}}],
                    "contexts": [{"name": "sim", "context": {
                        "cluster": "sim", "user": "sim", "namespace": "default"}}],
                    "current-context": "sim",
                }, f)
            env = {"HOME": home, "KUBECONFIG": kubeconfig, "PATH": os.environ.get("PATH", ""),
                   "LANG": "C.UTF-8"}
            if shift:
                env["TZ"] = "UTC"  # describe prints dates in the local zone; ours in UTC
            results = []
            for index, command in enumerate(commands):
                words = shlex.split(command)
                if words[:1] == ["kubectl"]:
                    words = words[1:]
                # With shifted times, at the start of a wall clock second, so that kubectl's
                # ages (which it truncates to whole seconds) come out as the simulator's until
                # the next; a run that outlasts its second (a busy machine) is tried again.
                for attempt in range(3 if shift else 1):
                    seconds = 0
                    if shift:
                        if time.time() % 1 > 0.05:
                            time.sleep(1 - time.time() % 1 + 0.005)
                        seconds = int(time.time() - sim_now)
                        store.shift(seconds)
                    server.current = index
                    started = time.time()
                    # From the commands file's folder, as `stsplay outputs` reads `-f` paths
                    # from the state script's (both are tests/oracles).
                    out, err, code = run_kubectl(kubectl, words, env,
                                                 os.path.dirname(os.path.abspath(commands_path)))
                    late = shift and time.time() - sim_now - seconds >= 1
                    if not late:
                        break
                if late:
                    err += ("[kubectl oracle: the command ended %.3f s after its shift was "
                            "taken, three times: its ages may be a second off]\n"
                            % (time.time() - started))
                shifts.append(seconds)
                results.append((unshift_dates(out, seconds), unshift_dates(err, seconds), code))
                server.current = None
    finally:
        server.shutdown()
        server.server_close()

    identical = 0
    failures = []
    report = []
    for command, (out, err, code) in zip(commands, results):
        mine = ours[command]
        same = out == mine["stdout"] and err == mine["stderr"] and code == mine["code"]
        if same:
            identical += 1
            if command in listed:
                failures.append(command)
                report.append(f"\nSTALE: `{command}` is listed in kubectl-differences.txt "
                              f"({listed[command]}) but now matches: take it off the list\n")
            continue
        if command in listed:
            report.append(f"\nknown difference ({listed[command]}): {command}\n")
        else:
            failures.append(command)
            report.append(f"\nDIFFERENT: {command}\n")
        if code != mine["code"]:
            report.append(f"  exit code: real kubectl {code}, ours {mine['code']}\n")
        if out != mine["stdout"]:
            report.append("  stdout:\n" + diff("stdout", out, mine["stdout"]))
        if err != mine["stderr"]:
            report.append("  stderr:\n" + diff("stderr", err, mine["stderr"]))

    print(f"kubectl oracle (kubectl {kubectl_version}): {len(commands)} commands, "
          f"{identical} identical")
    if shift and shifts:
        print(f"timestamps shifted by {min(shifts)}..{max(shifts)} s (wall clock - the "
              f"simulator's {state['now']}), the real kubectl's absolute dates shifted back")
    print("".join(report), end="")
    for problem in problems:
        print(problem)
    if store.unserved:
        print(f"objects of kinds the oracle's server does not serve: {sorted(set(store.unserved))}")

    with server.lock:
        log = list(server.log)
    answered = [entry for entry in log if entry[0] is not None]
    unanswered = sorted({(path, code) for _, _, path, code in answered if code >= 400})
    if unanswered:
        print("requests the oracle's API server answered with an error:")
        for path, code in unanswered:
            print(f"  {code} {path}")
    for index, path, body in server.patches:
        print(f"the real kubectl patched ({commands[index]}): PATCH {path} {body}")
    if server.undiscovered:
        print(f"undiscovered kinds kubectl asked for: {sorted(server.undiscovered)}")
    if real_path:
        with open(real_path, "w") as f:
            for command, (out, err, code) in zip(commands, results):
                entry = {"code": code, "command": command, "stderr": err, "stdout": out}
                f.write(json.dumps(entry, sort_keys=True) + "\n")
        print(f"what the real kubectl printed: {real_path}")
    if log_path:
        with open(log_path, "w") as f:
            for index, command in enumerate(commands):
                f.write(f"{command}\n")
                for i, method, path, code in log:
                    if i == index:
                        f.write(f"  {code} {method} {path}\n")
        print(f"every request kubectl made: {log_path}")
    # kubectl must really have read the objects from this server, or nothing was compared.
    # (The OpenAPI documents explain reads count as read objects: they are what it prints.)
    discovery_paths = {p for p in server.docs if not p.startswith("/openapi/")}
    if not any(code == 200 and urllib.parse.urlsplit(path).path not in discovery_paths
               for _, _, path, code in answered):
        print("kubectl oracle: kubectl never read an object from the oracle's API server")
        return 2
    if failures or problems:
        print(f"kubectl oracle: {len(failures)} unlisted or stale differences"
              + (f", {len(problems)} problems in kubectl-differences.txt" if problems else ""))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
