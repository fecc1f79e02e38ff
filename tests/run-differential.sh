#!/bin/sh
# SPDX-License-Identifier: MIT
# run-differential.sh FLUSHCHECK GEN_SCENARIOS "PAIRS" SEED COUNT DIR
# - what `make differential` runs:
#  1. the generator's own checks (tests/gen-check.sh);
#  2. the harness's self-test (tests/differential-selftest.sh);
#  3. COUNT random scenarios of SEED written into DIR (emptied first);
#  4. for each pair of PAIRS, tests/differential.sh over DIR and the
#     catalogue (scenarios/).
# PAIRS is a list of "OPTIONS_A|OPTIONS_B" separated by ';' (blanks
# around each pair do not matter), e.g. "--bfs|--dfs; --reduce none|--reduce spec".
# Exits non-zero if any part fails; every pair runs even after a failure.
fc=$1
gen=$2
pairs=$3
seed=$4
count=$5
dir=$6
here=$(dirname "$0")
fail=0

sh "$here/gen-check.sh" "$fc" "$gen" || fail=1
sh "$here/differential-selftest.sh" "$fc" || fail=1

rm -rf "$dir"
"$gen" "$seed" "$count" "$dir" || exit 1

n=0
rest=$pairs
while [ -n "$rest" ]; do
	pair=${rest%%;*}
	if [ "$pair" = "$rest" ]; then rest=""; else rest=${rest#*;}; fi
	pair=$(printf '%s' "$pair" | sed 's/^[[:space:]]*//; s/[[:space:]]*$//')
	[ -n "$pair" ] || continue
	case "$pair" in
	*'|'*'|'*) echo "run-differential: bad pair '$pair' (want A|B)"; fail=1; continue ;;
	*'|'*) ;;
	*) echo "run-differential: bad pair '$pair' (want A|B)"; fail=1; continue ;;
	esac
	a=$(printf '%s' "${pair%%|*}" | sed 's/[[:space:]]*$//')
	b=$(printf '%s' "${pair#*|}" | sed 's/^[[:space:]]*//')
	n=$((n + 1))
	sh "$here/differential.sh" "$fc" "$a" "$b" "$dir" scenarios || fail=1
done
if [ "$n" -eq 0 ]; then
	echo "run-differential: no pairs in '$pairs'"
	fail=1
fi
exit $fail
