#!/bin/sh
# SPDX-License-Identifier: MIT
# json-valid.sh WHO FILE... - every line of each FILE (flushcheck --json
# output) must validate against docs/flushcheck.schema.json
# (tests/json-validate.py, with Debian's python3-jsonschema).  Silent when
# they do; else "WHO: --json output against the schema:" and the first
# errors, and exit 1.  The test scripts of `make test` that run --json
# call it on what they read, so that every JSON line `make test` produces
# is validated (tests/json-check.sh tests the interface itself).
who=$1
shift
here=$(dirname "$0")
for py in /usr/bin/python3 python3; do
	"$py" -c 'import jsonschema' 2>/dev/null || continue
	out=$("$py" "$here/json-validate.py" "$here/../docs/flushcheck.schema.json" "$@") && exit 0
	echo "$who: --json output against docs/flushcheck.schema.json:"
	printf '%s\n' "$out"
	exit 1
done
echo "$who: no python3 with jsonschema (Debian: apt-get install python3-jsonschema)"
exit 1
