#!/bin/sh
# SPDX-License-Identifier: MIT
# run-unit.sh BINARY... - run each cmocka test binary; print a closing
# "N passed, N failed" line over all of them; fail if any failed.
pass=0
fail=0
for t in "$@"; do
	if "$t"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAILED: $t"; fi
done
echo "unit test binaries: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
