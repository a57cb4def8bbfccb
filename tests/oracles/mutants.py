"""The apply oracle: seeded mutants of every example document, each judged by upstream's strict
JSON schema and by the simulator's API server (`stsplay verdicts`, a server-side dry run).

A mutant the strict schema rejects is one the real API server rejects (unknown field, wrong
type, missing required field): the simulator must reject it too. (Except a null where a value
is expected: Go's decoder reads it as absent, so there the schema proves nothing.) A mutant the schema accepts
may still break a validation rule the schema cannot express; the simulator may reject it, and
those verdicts are only counted.

Usage:
  python mutants.py make VERSION SEED COUNT EXAMPLES... > mutants.jsonl
  stsplay verdicts < mutants.jsonl > verdicts.jsonl
  python mutants.py judge VERSION mutants.jsonl verdicts.jsonl
"""

import collections
import copy
import json
import random
import sys

import yaml

from schema import validator_for


def paths(node, prefix=()):
    """Every (path, value) in a document, parents before children."""
    yield prefix, node
    if isinstance(node, dict):
        for k, v in node.items():
            yield from paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from paths(v, prefix + (i,))


def get(doc, path):
    for p in path:
        doc = doc[p]
    return doc


def mutate(doc, rng):
    """One mutation of a copy of `doc`: (description, mutant), or None when it does not apply."""
    doc = copy.deepcopy(doc)
    every = [(p, v) for p, v in paths(doc) if p and p[0] not in ("apiVersion", "kind")]
    path, value = rng.choice(every)
    parent, key = get(doc, path[:-1]), path[-1]
    where = ".".join(str(p) for p in path)
    kind = rng.choice(["drop", "retype", "misspell", "quantity", "empty", "null"])
    if kind == "drop":
        if isinstance(parent, list):
            return None
        del parent[key]
        return "drop %s" % where, doc
    if kind == "retype":
        if isinstance(value, bool):
            new = "yes"
        elif isinstance(value, int):
            new = str(value) + "x"
        elif isinstance(value, str):
            new = {"a": 1} if rng.random() < 0.3 else 12
        elif isinstance(value, list):
            new = "item"
        else:
            new = [1]
        parent[key] = new
        return "retype %s to %s" % (where, json.dumps(new)), doc
    if kind == "misspell":
        if isinstance(parent, list) or not isinstance(key, str):
            return None
        parent[key + "s"] = parent.pop(key)
        return "misspell %s as %ss" % (where, key), doc
    if kind == "quantity":
        if "resources" not in path and "capacity" not in path:
            return None
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            return None
        parent[key] = "lots"
        return "quantity %s = lots" % where, doc
    if kind == "empty":
        if not isinstance(value, list) or not value:
            return None
        parent[key] = []
        return "empty %s" % where, doc
    if kind == "null":
        parent[key] = None
        return "null %s" % where, doc
    return None


def make(version, seed, count, files):
    rng = random.Random(seed)
    docs = []
    for f in files:
        with open(f) as fh:
            for d in yaml.safe_load_all(fh):
                if d:
                    docs.append((f, d))
    n = 0
    while n < count:
        f, d = rng.choice(docs)
        result = mutate(d, rng)
        if result is None:
            continue
        what, mutant = result
        n += 1
        text = yaml.safe_dump(mutant, sort_keys=False)
        print(json.dumps({"id": n, "file": f, "what": what, "yaml": text}))


def known_gaps():
    import os
    import re
    gaps = []
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "known-gaps.txt")
    with open(path) as fh:
        for line in fh:
            if line.strip() and not line.startswith("#"):
                kind, pattern = line.rstrip("\n").split("\t", 1)
                gaps.append((kind, pattern, re.compile(pattern)))
    return gaps


def judge(version, mutants_file, verdicts_file):
    gaps = known_gaps()
    gap_hits = collections.Counter()
    verdicts = {}
    with open(verdicts_file) as fh:
        for line in fh:
            v = json.loads(line)
            verdicts[v["id"]] = v
    counts = collections.Counter()
    missed = []
    with open(mutants_file) as fh:
        for line in fh:
            m = json.loads(line)
            doc = yaml.safe_load(m["yaml"])
            try:
                errors = [
                    e
                    for e in validator_for(version, doc["kind"], doc["apiVersion"]).iter_errors(doc)
                    # A null where the schema wants a value: Go's decoder reads it as absent, so
                    # the schema's word is no evidence of what the API server does.
                    if not (e.instance is None and e.validator in ("type", "oneOf", "anyOf"))
                ]
            except (FileNotFoundError, KeyError, TypeError):
                counts["not judged (no kind or schema)"] += 1
                continue
            ours = verdicts.get(m["id"])
            if ours is None:
                missed.append((m, ["no verdict from the simulator"]))
                continue
            if errors and ours["accepted"]:
                gap = next((g for g in gaps if g[0] == doc["kind"] and g[2].search(m["what"])), None)
                if gap:
                    gap_hits[gap[1]] += 1
                    counts["known gap (known-gaps.txt)"] += 1
                    continue
                missed.append((m, [e.message[:160] for e in errors[:2]]))
                counts["schema rejects, simulator accepts"] += 1
            elif errors:
                counts["both reject"] += 1
            elif ours["accepted"]:
                counts["both accept"] += 1
            else:
                counts["schema accepts, simulator rejects (a validation rule)"] += 1
    print("apply oracle (Kubernetes %s): %s" % (version, ", ".join("%s %d" % kv for kv in sorted(counts.items()))))
    by_what = collections.defaultdict(list)
    for m, why in missed:
        kind = yaml.safe_load(m["yaml"]).get("kind")
        by_what[(m["file"].split("/")[-1], kind, m["what"])].append((m["id"], why))
    for (f, kind, what), whys in sorted(by_what.items()):
        ident, why = whys[0]
        print("  accepted, but the strict schema rejects it: %s %s: %s  (%s; mutant %d)" % (f, kind, what, why[0] if why else "", ident))
    stale = [pattern for kind, pattern, _ in gaps if gap_hits[pattern] == 0]
    for pattern in stale:
        print("  known gap no longer seen (remove it from known-gaps.txt): %s" % pattern)
    if missed or stale:
        sys.exit(1)


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5:])
    elif sys.argv[1] == "judge":
        judge(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit(__doc__)
