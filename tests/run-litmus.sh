#!/bin/sh
# SPDX-License-Identifier: MIT
# run-litmus.sh FLUSHCHECK [DIR] - every herd litmus test of DIR (default
# tests/litmus) against herd7's answer saved beside it (NAME.expect, see
# DIR/README.md): the set of outcome lines (States), Ok/No and the
# Observation word must be herd7's.  herd's Witnesses count executions and
# ours count outcomes, so those numbers are not compared.
#
# A test listed in DIR/UNSUPPORTED ("NAME refused" or "NAME incomplete",
# with the reason after) must be refused with exit 2 and a file:line:col
# message, or end `incomplete`: never an answer, and never a different one.
# Every state is checked against the model's masks (FLUSHCHECK_PACK=check).
set -u
fc=$1
dir=${2:-tests/litmus}
pass=0 fail=0
FLUSHCHECK_PACK=check
export FLUSHCHECK_PACK

states() { awk '/^States/{s=1;next} /^(Loop )?(Ok|No)$/{s=0} /^Witnesses/{s=0} s' "$@" | sort; }
okno() { awk '/^(Loop )?(Ok|No)$/{print $NF}' "$@"; }
obs() { awk '/^Observation/{print $3}' "$@"; }

for f in "$dir"/*.litmus; do
	name=$(basename "$f" .litmus)
	want=$(awk -v n="$name" '$1 == n {print $2}' "$dir/UNSUPPORTED" 2>/dev/null)
	out=$("$fc" "$f" 2>&1)
	rc=$?
	case $want in
	refused*)
		if [ $rc -eq 2 ] && echo "$out" | grep -q "^$f:[0-9]*:[0-9]*: "; then
			pass=$((pass + 1))
		else
			echo "FAIL $name: should be refused (exit 2, file:line:col), got exit $rc"
			fail=$((fail + 1))
		fi
		continue ;;
	incomplete*)
		if echo "$out" | grep -q "^Observation .* incomplete"; then
			pass=$((pass + 1))
		else
			echo "FAIL $name: should end incomplete"
			fail=$((fail + 1))
		fi
		continue ;;
	esac
	exp=${f%.litmus}.expect
	if [ $rc -ne 0 ]; then
		echo "FAIL $name: exit $rc: $(echo "$out" | head -1)"
		fail=$((fail + 1))
	elif [ "$(echo "$out" | states)" != "$(states "$exp")" ] ||
	     [ "$(echo "$out" | okno)" != "$(okno "$exp")" ] ||
	     [ "$(echo "$out" | obs)" != "$(obs "$exp")" ]; then
		echo "FAIL $name: flushcheck $(echo "$out" | obs), herd7 $(obs "$exp")"
		echo "$out" | states | sed 's/^/  flushcheck: /'
		states "$exp" | sed 's/^/  herd7:      /'
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
done
echo "litmus tests against herd7's answers: $pass passed, $fail failed"
[ $fail -eq 0 ]
