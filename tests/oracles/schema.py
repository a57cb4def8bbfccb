"""The strict-schema oracle: every object the simulator prints, validated against upstream
Kubernetes' own strict JSON schemas (the PyPI package kubernetes-validate ships them per minor
version). Reads `stsplay objects` JSON lines on stdin; prints every violation, grouped, and exits
1 when there is any.

Usage: stsplay objects FILES... | python schema.py 1.34.0
"""

import collections
import json
import re
import sys

import jsonschema
from kubernetes_validate import utils
from referencing import Registry, Resource


def validator_for(version, kind, api_version, cache={}):
    key = (kind, api_version)
    if key not in cache:
        group = re.sub(r"^([^./]*)(?:\.[^/]*)?/", r"\1-", api_version)
        folder = "kubernetes-json-schema/v%s-local-strict" % version
        schema = utils.schema_contents("%s/%s-%s.json" % (folder, kind.lower(), group), version)
        definitions = utils.schema_contents("%s/_definitions.json" % folder, version)
        registry = Resource.from_contents(definitions) @ (Resource.from_contents(schema) @ Registry())
        cache[key] = jsonschema.validators.Draft202012Validator(
            schema, registry=registry, format_checker=jsonschema.FormatChecker()
        )
    return cache[key]


def path_of(error):
    # Array indexes become [] so that one mistake in many pods is one line.
    return "." + ".".join("[]" if isinstance(p, int) else str(p) for p in error.absolute_path)


def main():
    version = sys.argv[1]
    violations = collections.defaultdict(list)
    objects = 0
    kinds = collections.Counter()
    for line in sys.stdin:
        if not line.strip():
            continue
        record = json.loads(line)
        obj, source = record["object"], record["source"]
        objects += 1
        kinds[obj.get("kind")] += 1
        try:
            validator = validator_for(version, obj["kind"], obj["apiVersion"])
        except FileNotFoundError:
            violations[(obj.get("kind"), "", "no schema for this kind")].append(source)
            continue
        for error in validator.iter_errors(obj):
            message = error.message
            if error.validator == "additionalProperties":
                message = re.sub(r"^Additional properties are not allowed ", "unknown field ", message)
            violations[(obj["kind"], path_of(error), message[:200])].append(source)
    print("schema oracle (Kubernetes %s, strict): %d distinct objects (%s)" % (
        version, objects, ", ".join("%s %d" % kv for kv in sorted(kinds.items()))))
    for (kind, path, message), sources in sorted(violations.items()):
        print("  %s %s: %s  [%d objects, first at %s]" % (kind, path, message, len(sources), sources[0]))
    if violations:
        print("%d distinct violations" % len(violations))
        sys.exit(1)
    if objects == 0:
        print("no objects were read")
        sys.exit(1)


if __name__ == "__main__":
    main()
