# SPDX-License-Identifier: MIT
"""json-validate.py SCHEMA FILE... - every line of each FILE must be one
JSON object that SCHEMA (JSON Schema draft 2020-12) accepts, checked with
Debian's python3-jsonschema.  Prints "N lines: N run, N error, N matrix"
and the first errors (file:line, the JSON path, the validator's words);
exits 1 if a line fails, 2 if the schema itself is not valid."""
import json
import sys

import jsonschema


def main(argv):
    with open(argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.Draft202012Validator
    try:
        cls.check_schema(schema)
    except jsonschema.SchemaError as e:
        print(f"json-validate: {argv[1]}: not a valid schema: {e.message}")
        return 2
    validator = cls(schema)
    counts, bad, shown = {}, 0, 0
    for name in argv[2:]:
        # bytes, decoded strictly: the output must be valid UTF-8
        with open(name, "rb") as f:
            for n, raw in enumerate(f, 1):
                where = f"{name}:{n}"
                try:
                    rec = json.loads(raw.decode("utf-8"))
                except (UnicodeDecodeError, ValueError) as e:
                    errs = [f"not one JSON value: {e}"]
                    rec = None
                else:
                    errs = [f"{'/'.join(map(str, e.absolute_path)) or '.'}: "
                            f"{e.message[:200]}"
                            for e in validator.iter_errors(rec)]
                if errs:
                    bad += 1
                    for e in errs[:3]:
                        if shown < 10:
                            print(f"{where}: {e}")
                            shown += 1
                    continue
                counts[rec["type"]] = counts.get(rec["type"], 0) + 1
    total = sum(counts.values()) + bad
    print(f"{total} lines: " + ", ".join(
        f"{counts.get(t, 0)} {t}" for t in ("run", "error", "matrix"))
        + (f", {bad} INVALID" if bad else ""))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
