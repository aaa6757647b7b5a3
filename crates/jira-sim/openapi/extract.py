#!/usr/bin/env python3
"""Cuts the operations jira-sim implements beyond ../shared's subset out of Atlassian's full
OpenAPI description (swagger-v3.v3.json, from developer.atlassian.com), with every schema they
reference, into jira-platform-additions.json. The contract test reads both files.

    python3 crates/jira-sim/openapi/extract.py path/to/swagger-v3.v3.json
"""
import json
import sys
from pathlib import Path

OPERATIONS = [
    ("/rest/api/3/search/jql", "get"),
    ("/rest/api/3/issue/{issueIdOrKey}", "get"),
    ("/rest/api/3/issue", "post"),
    ("/rest/api/3/issue/bulkfetch", "post"),
    ("/rest/api/3/issueLink", "post"),
    ("/rest/api/3/issue/{issueIdOrKey}/transitions", "get"),
    ("/rest/api/3/issue/{issueIdOrKey}/transitions", "post"),
    ("/rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes", "get"),
]


def refs(node, found):
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            name = ref.rsplit("/", 1)[1]
            if name not in found:
                found.add(name)
                refs(FULL["components"]["schemas"][name], found)
        for v in node.values():
            refs(v, found)
    elif isinstance(node, list):
        for v in node:
            refs(v, found)


FULL = json.load(open(sys.argv[1]))
paths, schemas = {}, set()
for path, method in OPERATIONS:
    op = FULL["paths"][path][method]
    paths.setdefault(path, {})[method] = op
    refs(op, schemas)
out = {
    "openapi": FULL["openapi"],
    "info": dict(
        FULL["info"],
        **{
            "x-subset-note": "Operations cut unchanged from Atlassian's Jira Cloud platform "
            "OpenAPI description (version above) by extract.py, with the schemas they reference."
        },
    ),
    "paths": paths,
    "components": {"schemas": {n: FULL["components"]["schemas"][n] for n in sorted(schemas)}},
}
target = Path(__file__).with_name("jira-platform-additions.json")
target.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")
print(f"{target}: {len(paths)} paths, {len(schemas)} schemas")
