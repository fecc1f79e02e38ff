#!/bin/sh
# SPDX-License-Identifier: MIT
# run-suites.sh LOG MAKE SUITE... - `make test`: run each suite (a make
# target) with its whole output in LOG, and print one line per suite (its
# name, passed or failed, seconds), then "N passed, N failed".  A failed
# suite's last TAIL lines (default 40) are shown under its line; the other
# suites still run.  Exit 1 if any failed.  TEST_VERBOSE=1 also copies the
# output to the terminal as it comes.
set -u
log=$1 make=$2
shift 2
tail_lines=${TAIL:-40}
mkdir -p "$(dirname "$log")"
: > "$log"
one=$(mktemp)
trap 'rm -f "$one" "$one.rc"' EXIT
now() { date +%s.%N 2>/dev/null | sed 's/N$/0/'; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
pass=0 fail=0 failed=""
t0=$(now)
echo "make test: $# suites, the whole output in $log"
for s in "$@"; do
	printf '%-16s ' "$s"
	echo "== $s ($make $s)" >> "$log"
	t=$(now)
	if [ "${TEST_VERBOSE:-}" = 1 ]; then
		echo
		{ $make --no-print-directory "$s" 2>&1; echo $? > "$one.rc"; } | tee "$one"
		rc=$(cat "$one.rc")
		printf '%-16s ' "$s"
	else
		$make --no-print-directory "$s" > "$one" 2>&1
		rc=$?
	fi
	cat "$one" >> "$log"
	dt=$(secs "$t" "$(now)")
	if [ "$rc" -eq 0 ]; then
		pass=$((pass + 1))
		printf 'passed  %7s s\n' "$dt"
		echo "== $s: passed in $dt s" >> "$log"
	else
		fail=$((fail + 1))
		failed="$failed $s"
		printf 'FAILED  %7s s (exit %s)\n' "$dt" "$rc"
		echo "== $s: FAILED (exit $rc) in $dt s" >> "$log"
		echo "   the last $tail_lines lines of $s (all of it in $log):"
		tail -n "$tail_lines" "$one" | sed 's/^/   | /'
	fi
done
echo "$pass passed, $fail failed in $(secs "$t0" "$(now)") s${failed:+ (failed:$failed)}; log: $log"
[ "$fail" -eq 0 ]
