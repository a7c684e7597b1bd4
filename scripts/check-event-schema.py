#!/usr/bin/env python3
"""Validates `followup export --format json` output (stdin or a file) against Schema/event-v1.schema.json."""
import json
import pathlib
import sys

import jsonschema

schema = json.loads((pathlib.Path(__file__).parent.parent / "Schema" / "event-v1.schema.json").read_text())
source = open(sys.argv[1]) if len(sys.argv) > 1 else sys.stdin
events = json.load(source)
validator = jsonschema.Draft202012Validator(schema)
bad = 0
for index, event in enumerate(events):
    for error in validator.iter_errors(event):
        bad += 1
        print(f"event {index} ({event.get('type')}): {error.message}", file=sys.stderr)
print(f"{len(events)} events checked, {bad} problems")
sys.exit(1 if bad else 0)
