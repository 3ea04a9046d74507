#!/usr/bin/env python3
"""Validate JSON or TOML files against a JSON schema (SARIF output against the SARIF 2.1.0 schema, form files
against forms/form.schema.json).

Usage: python3 tests/data/validate.py SCHEMA.json FILE [...]   (FILE.toml is read as TOML, `-` is standard input)
Needs the `jsonschema` package (pip install jsonschema), and Python 3.11+ (tomllib) for TOML files.
The schema is checked against its own meta-schema first; its "$schema" picks the draft (4 for SARIF, 7 for forms).
Exit 0: all valid; 1: a file is invalid; 2: cannot run. tests/cli.rs, tests/windows_exe.rs and tests/form_cli.rs
run it.
"""
import json
import pathlib
import sys


def read(name):
    if name == "-":
        return json.loads(sys.stdin.read())
    text = pathlib.Path(name).read_text(encoding="utf-8")
    if name.endswith(".toml"):
        import tomllib

        return tomllib.loads(text)
    return json.loads(text)


def main(argv):
    try:
        import jsonschema
    except ImportError:
        print("validate.py: the Python package `jsonschema` is missing (pip install jsonschema)", file=sys.stderr)
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
    validator = cls(schema, format_checker=jsonschema.FormatChecker())
    bad = 0
    for name in argv[2:]:
        try:
            doc = read(name)
        except ImportError as e:
            print(f"validate.py: {e} (TOML needs Python 3.11+)", file=sys.stderr)
            return 2
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
        for e in errors[:20]:
            path = "/".join(str(p) for p in e.absolute_path)
            print(f"{name}: /{path}: {e.message}")
        if errors:
            bad += 1
            print(f"{name}: {len(errors)} schema error(s)")
        else:
            print(f"{name}: valid")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
