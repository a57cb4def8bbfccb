"""The OpenAPI documents `kubectl explain` reads, for the kinds the playground simulates.

    python openapi_docs.py MINOR            prints www/openapi/vMINOR.json's text
    python openapi_docs.py MINOR --check    exits 1 when www/openapi/vMINOR.json differs

The data is upstream's: the definitions the PyPI package kubernetes-validate ships for that
Kubernetes minor (upstream's OpenAPI, as JSON schema). They are put back into the shape of the
API server's OpenAPI v3 documents (`/openapi/v3/api/v1`, `/openapi/v3/apis/apps/v1`, ...), trimmed
to what kubectl's explain template reads and to the types the simulated kinds reach:

- `$ref: #/$defs/X` is `#/components/schemas/X`; a reference with a description beside it is
  wrapped in `allOf`, as the v3 documents write it;
- `type: [T, "null"]` is `type: T`;
- the `enum` kubernetes-validate adds to every `apiVersion` and `kind` is dropped (upstream has
  none there).

The upstream v3 documents also list enum values (`ENUM:` in explain) and describe IntOrString
and Quantity; the v2-derived package has neither, so neither is here.

One file per minor: `{"info": ..., "groupVersions": {"api/v1": {"paths": ..., "kinds": [...]}},
"schemas": {...}}`; each group version's document is `paths` plus the schemas its kinds reach
(the playground and the oracle's API server assemble it).
"""

import json
import os
import sys

from kubernetes_validate import utils

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from kubectl_oracle import RESOURCES  # noqa: E402

KEEP = {"description", "type", "items", "additionalProperties", "properties", "required",
        "allOf", "oneOf", "$ref", "x-kubernetes-group-version-kind", "externalDocs"}


def definitions(minor):
    text = utils.schema_contents(
        "kubernetes-json-schema/v%s.0-local/_definitions.json" % minor, minor + ".0")
    return (json.loads(text) if isinstance(text, str) else text)["$defs"]


def ref_name(ref):
    return ref.rsplit("/", 1)[1]


def convert(schema, top=False):
    """A schema in the v3 documents' shape, keeping only what explain reads."""
    if not isinstance(schema, dict):
        return schema
    out = {}
    for key, value in schema.items():
        if key not in KEEP:
            continue
        if key == "type" and isinstance(value, list):
            value = [t for t in value if t != "null"]
            value = value[0] if len(value) == 1 else value
        elif key == "$ref":
            value = "#/components/schemas/" + ref_name(value)
        elif key == "properties":
            value = {name: convert(v) for name, v in value.items()}
            for name in ("apiVersion", "kind"):
                if name in value:
                    value[name].pop("enum", None)
        elif key in ("items", "additionalProperties"):
            value = convert(value) if isinstance(value, dict) else value
        elif key in ("allOf", "oneOf"):
            value = [convert(v) for v in value]
        out[key] = value
    if "$ref" in out and len(out) > 1 and not top:
        ref = out.pop("$ref")
        out["allOf"] = [{"$ref": ref}]
    return out


def reached(defs, roots):
    """Every definition the roots reach through references."""
    seen, stack = set(), list(roots)
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)

        def walk(value):
            if isinstance(value, dict):
                for k, v in value.items():
                    if k == "$ref":
                        stack.append(ref_name(v))
                    else:
                        walk(v)
            elif isinstance(value, list):
                for v in value:
                    walk(v)

        walk(defs[name])
    return seen


def kind_definition(defs, group, version, kind):
    for name, schema in defs.items():
        for gvk in schema.get("x-kubernetes-group-version-kind", []):
            if gvk == {"group": group, "version": version, "kind": kind}:
                return name
    sys.exit(f"no definition of {group}/{version} {kind}")


def document(minor):
    defs = definitions(minor)
    group_versions = {}
    roots = []
    for group, version, resource, _singular, kind, namespaced, _short in RESOURCES:
        path = f"apis/{group}/{version}" if group else f"api/{version}"
        gv = group_versions.setdefault(path, {"paths": {}, "kinds": []})
        name = kind_definition(defs, group, version, kind)
        gv["kinds"].append(name)
        roots.append(name)
        scope = "namespaces/{namespace}/" if namespaced else ""
        gv["paths"][f"/{path}/{scope}{resource}"] = {
            "get": {"x-kubernetes-group-version-kind":
                    {"group": group, "kind": kind, "version": version}}
        }
    schemas = {name: convert(defs[name], top=True) for name in sorted(reached(defs, roots))}
    return {
        "info": {"title": "Kubernetes", "version": f"v{minor}.0",
                 "source": "kubernetes-validate's definitions for this minor (Apache-2.0, "
                           "The Kubernetes Authors); see openapi_docs.py"},
        "groupVersions": group_versions,
        "schemas": schemas,
    }


def text(minor):
    return json.dumps(document(minor), sort_keys=True, separators=(",", ":")) + "\n"


def main():
    minor = sys.argv[1]
    target = os.path.join(HERE, "..", "..", "www", "openapi", f"v{minor}.json")
    new = text(minor)
    if "--check" in sys.argv[2:]:
        with open(target, encoding="utf-8") as f:
            if f.read() != new:
                sys.exit(f"{os.path.relpath(target)} is not what openapi_docs.py {minor} makes "
                         "from kubernetes-validate: run `cargo xtask openapi`")
        return
    sys.stdout.write(new)


if __name__ == "__main__":
    main()
