"""Parses LookML files with lkml (PyPI) and prints them as one JSON object keyed by path.

    python3 scripts/parse_lookml.py FILE...

A file lkml cannot parse gets {"error": "..."} instead of its tree, so one bad file never hides the others.
"""
import json
import sys

import lkml

parsed = {}
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as handle:
        try:
            parsed[path] = lkml.load(handle)
        except Exception as error:  # lkml raises its own syntax errors and assertion errors alike
            parsed[path] = {"error": f"{type(error).__name__}: {error}"}
json.dump(parsed, sys.stdout, sort_keys=True)
