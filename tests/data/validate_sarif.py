#!/usr/bin/env python3
"""Validate a SARIF log against the official SARIF 2.1.0 JSON schema vendored beside this script.

Usage: python3 tests/data/validate_sarif.py FILE.sarif [...]   (or `-` for standard input)
Needs the `jsonschema` package (pip install jsonschema). Exit 0: valid; 1: invalid; 2: cannot run.
tests/cli.rs runs it on `hyoka check --format sarif` output.
"""
import json
import pathlib
import sys

SCHEMA = pathlib.Path(__file__).with_name("sarif-2.1.0-rtm.5.json")


def main(argv):
    try:
        import jsonschema
    except ImportError:
        print("validate_sarif.py: the Python package `jsonschema` is missing (pip install jsonschema)", file=sys.stderr)
        return 2
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    bad = 0
    for name in argv[1:]:
        text = sys.stdin.read() if name == "-" else pathlib.Path(name).read_text(encoding="utf-8")
        doc = json.loads(text)
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
        for e in errors[:20]:
            path = "/".join(str(p) for p in e.absolute_path)
            print(f"{name}: /{path}: {e.message}")
        if errors:
            bad += 1
            print(f"{name}: {len(errors)} schema error(s)")
        else:
            print(f"{name}: valid SARIF 2.1.0")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
