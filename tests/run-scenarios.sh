#!/bin/sh
# run-scenarios.sh FLUSHCHECK - every scenario's expect lines must hold,
# and every mutation in tests/mutations must make its expect lines fail.
fc=$1
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$fc" -q scenarios/ > "$out" 2>&1
rc=$?
grep -E '^(Test|Expect|Verdict)|FAILED|error' "$out" | grep -E 'FAILED|:[0-9]+:[0-9]+:' 
tail -n 1 "$out"
if [ "$rc" -ne 0 ]; then
	echo "scenarios: flushcheck exited $rc (want 0)"
	exit 1
fi
sh tests/mutations.sh "$fc"
