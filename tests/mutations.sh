#!/bin/sh
# mutations.sh FLUSHCHECK - each line of tests/mutations.txt names a
# repaired scenario and a sed script that breaks it (for example moving
# pte.set before the clean).  The mutant must make flushcheck exit 1 with a
# FAILED expect line: proof that the scenario's expect lines can fail.
fc=$1
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
pass=0
fail=0
while IFS='	' read -r file script why; do
	case "$file" in ''|'#'*) continue;; esac
	sed -e "$script" "$file" > "$tmp"
	if cmp -s "$file" "$tmp"; then
		echo "mutation did not change $file: $why"
		fail=$((fail + 1))
		continue
	fi
	"$fc" -q "$tmp" > "$tmp.out" 2>&1
	rc=$?
	if [ "$rc" -eq 1 ] && grep -q FAILED "$tmp.out"; then
		pass=$((pass + 1))
	else
		echo "mutant of $file still passes (exit $rc): $why"
		fail=$((fail + 1))
	fi
	rm -f "$tmp.out"
done < tests/mutations.txt
echo "mutations: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
