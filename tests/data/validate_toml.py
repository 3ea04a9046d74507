#!/usr/bin/env python3
"""Validate TOML files against a JSON schema (the form files against forms/form.schema.json).

Usage: python3 tests/data/validate_toml.py SCHEMA.json FILE.toml [...]
Needs Python 3.11+ (tomllib) and the `jsonschema` package (pip install jsonschema).
The schema is checked against its own meta-schema first (its "$schema": draft 7 for the form schema).
Exit 0: all valid; 1: a file is invalid; 2: cannot run. tests/form_cli.rs runs it.
"""
import json
import pathlib
import sys


def main(argv):
    try:
        import jsonschema
        import tomllib
    except ImportError as e:
        print(f"validate_toml.py: {e} (needs Python 3.11+ and pip install jsonschema)", file=sys.stderr)
        return 2
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    schema = json.loads(pathlib.Path(argv[1]).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    try:
        cls.check_schema(schema)
    except jsonschema.exceptions.SchemaError as e:
        print(f"{argv[1]}: not a valid schema: {e.message}")
        return 1
    validator = cls(schema)
    bad = 0
    for name in argv[2:]:
        doc = tomllib.loads(pathlib.Path(name).read_text(encoding="utf-8"))
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
        for e in errors[:20]:
            path = "/".join(str(p) for p in e.absolute_path)
            print(f"{name}: /{path}: {e.message}")
        if errors:
            bad += 1
        else:
            print(f"{name}: valid")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
