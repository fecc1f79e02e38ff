#!/bin/sh
# SPDX-License-Identifier: MIT
# run-scenarios.sh FLUSHCHECK - every scenario's expect lines must hold,
# with the default search (every reduction) and with each alone or none;
# depth-first must agree with breadth-first on every verdict, state count
# and observation; fingerprints and threads must change nothing but the
# memory and the time (tests/same-results.sh); and every mutation in
# tests/mutations.txt must make its expect lines fail; and a broken copy
# of arm64 (tests/fixtures) must fail a race that only the condition sees.
fc=$1
out=$(mktemp)
trap 'rm -f "$out" "$out.bfs" "$out.dfs" "$out.json"' EXIT
"$fc" -q scenarios/ > "$out" 2>&1
rc=$?
grep -E 'FAILED|:[0-9]+:[0-9]+:' "$out"
tail -n 1 "$out"
if [ "$rc" -ne 0 ]; then
	echo "scenarios: flushcheck exited $rc (want 0)"
	exit 1
fi

# The default is every reduction (--reduce all).  The plain search and
# each reduction alone must keep every expect line too
# (tests/differential.sh compares the full results).
for red in none spec symmetry por spec,por; do
	"$fc" -q --reduce $red scenarios/ > "$out" 2>&1
	rc=$?
	if [ "$rc" -ne 0 ]; then
		grep -E 'FAILED|:[0-9]+:[0-9]+:' "$out"
		echo "scenarios: --reduce $red: flushcheck exited $rc (want 0)"
		exit 1
	fi
	echo "reduce $red: $(tail -n 1 "$out")"
done

# A race that only the condition sees (docs/scenarios.md 2.5): arm64 with
# flush_icache_range broken as a user would break it (this CPU's I-cache
# only), a policy that no expect line names, must fail k7-module-armv8:
# a bad-outcome trace, a failed run, exit 1, with the reductions (the
# default: the trace confirmed in the plain model) and without; so must
# the matrix cell and the JSON say.  The intact arm64 must pass the same
# file (it is the copy that fails).
bad=tests/fixtures/arm64-local-icache.pol
k7=scenarios/kernel/k7-module-armv8.flush
# on the cache model: its reductions, whose traces are confirmed, and the
# local I-cache invalidation the relaxed model refuses (AArch64 has none)
sc="--set model=sc"
bug_fail() {
	echo "scenarios: bug exists: $*"
	cat "$out"
	exit 1
}
for red in all none; do
	"$fc" $sc --reduce $red --policy "$bad" "$k7" > "$out" 2>&1
	rc=$?
	[ "$rc" -eq 1 ] ||
		bug_fail "--reduce $red --policy $bad $k7 exited $rc (want 1)"
	for want in '^Violation bad-outcome$' \
		    'flush_icache_range(M): ic\.inv\.local M' \
		    '^Final P1:r1=oldmod; ' '^Verdict bad-outcome$' \
		    '^Summary: 1 runs: 0 passed, 1 failed'; do
		grep -q "$want" "$out" || bug_fail "--reduce $red: no line '$want'"
	done
done
"$fc" $sc --policy "$bad" "$k7" > "$out" 2>&1
grep -q '^Confirmed bad-outcome in the plain model' "$out" ||
	bug_fail "the reduced trace is not confirmed"
"$fc" $sc --matrix=long --policy "$bad" --policy arm64 "$k7" > "$out" 2>&1
rc=$?
[ "$rc" -eq 1 ] || bug_fail "--matrix=long exited $rc (want 1)"
grep -q '^k7-module-armv8 *| bad-outcome Sometimes ! *| ok Never' "$out" ||
	bug_fail "long matrix cell"
"$fc" $sc --matrix --policy "$bad" --policy arm64 "$k7" > "$out" 2>&1
grep -q '^k7-module-armv8 *BO/S! *ok/N$' "$out" || bug_fail "short matrix cell"
"$fc" $sc --json --policy "$bad" "$k7" > "$out" 2>&1
sh tests/json-valid.sh scenarios "$out" || bug_fail "JSON schema"
grep -q '"verdict":\["bad-outcome"\],"passed":false.*"oracle":"bad-outcome","steps":\[.*\],"outcome":{"P1:r1":"oldmod"}' "$out" ||
	bug_fail "JSON"
"$fc" $sc --policy policies/arm64.pol "$k7" > "$out" 2>&1 ||
	bug_fail "the intact arm64 fails"
echo "bug exists: k7-module-armv8 fails under $bad (exit 1, trace, matrix, JSON)"

# Search orders: the same states, verdicts and outcomes either way, in the
# plain search and with the reductions (the default).
keep='s/.*"test":"\([^"]*\)".*"policy":"\([^"]*\)".*"verdict":\(\[[^]]*\]\).*"states":\([0-9]*\).*/\1 \2 \3 \4/p'
obs='s/.*"test":"\([^"]*\)".*"observation":{[^}]*"positive":\([0-9]*\),"negative":\([0-9]*\).*/\1 \2 \3/p'
for red in none all; do
	for order in bfs dfs; do
		"$fc" --json --reduce $red --$order scenarios/ > "$out.json"
		sh tests/json-valid.sh scenarios "$out.json" || exit 1
		sed -n "$keep" "$out.json" > "$out.$order"
		sed -n "$obs" "$out.json" >> "$out.$order"
	done
	if ! cmp -s "$out.bfs" "$out.dfs"; then
		echo "search orders disagree with --reduce $red (bfs < > dfs):"
		diff "$out.bfs" "$out.dfs"
		exit 1
	fi
	echo "search orders: $(wc -l < "$out.bfs") results agree between --bfs and --dfs (--reduce $red)"
done

# The plain search (--reduce none) and the default: fingerprints change
# nothing but the memory.
p="--reduce none"
sh tests/same-results.sh "$fc" "$p" "$p --fingerprint" || exit 1
sh tests/same-results.sh "$fc" "" "--fingerprint" || exit 1
sh tests/same-results.sh "$fc" "$p --dfs" "$p --dfs --fingerprint" || exit 1
sh tests/same-results.sh "$fc" "$p --dfs --max-states 333" \
	"$p --dfs --fingerprint --max-states 333" || exit 1

# Packed states (explore/pack.h) are the same states: the model's masks
# must cover every state the catalogue reaches, under every reduction
# (FLUSHCHECK_PACK=check aborts on one they miss), and storing states
# unpacked must change nothing.
for red in none all; do
	if ! FLUSHCHECK_PACK=check "$fc" -q --reduce $red scenarios/ > "$out" 2>&1; then
		tail -n 3 "$out"
		echo "scenarios: FLUSHCHECK_PACK=check --reduce $red failed"
		exit 1
	fi
done
echo "packing: the model's masks cover every state of the catalogue"
sh tests/same-results.sh "$fc" "FLUSHCHECK_PACK=0 $p" "$p" || exit 1
sh tests/same-results.sh "$fc" "FLUSHCHECK_PACK=0 $p --dfs" "$p --dfs" || exit 1

# Threads: the same search as one thread.  The catalogue's levels are
# small, so FLUSHCHECK_PAR_GRAIN (MIN_LEVEL:CHUNK, see search.h) sends
# every level through the threads, in chunks of a few parents.
FLUSHCHECK_PAR_GRAIN=1:1 sh tests/same-results.sh "$fc" "$p -j 1" "$p -j 2" || exit 1
FLUSHCHECK_PAR_GRAIN=1:3 sh tests/same-results.sh "$fc" "$p --fingerprint" \
	"$p -j 3 --fingerprint" || exit 1
FLUSHCHECK_PAR_GRAIN=1:2 sh tests/same-results.sh "$fc" "$p --max-states 333" \
	"$p -j 2 --max-states 333" || exit 1
# The reductions are functions of the state alone: threads change nothing.
FLUSHCHECK_PAR_GRAIN=1:1 sh tests/same-results.sh "$fc" "" "-j 2" || exit 1

# The matrix of `make run` fits a terminal of 120 columns with every
# built-in policy; the long form has the words.
"$fc" --matrix scenarios/ > "$out"
wide=$(awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }' "$out")
if [ "$wide" -gt 120 ] || ! grep -Eq '^k1-seed +SF/S +- +- +SF/S +ok/N +ok/N( |$)' "$out"; then
	echo "matrix: $wide columns (want at most 120), or k1-seed's row is not as expected:"
	grep '^k1-seed ' "$out"
	exit 1
fi
"$fc" --matrix=long scenarios/ | grep -q '^k1-seed  *| stale-fetch bad-outcome Sometimes *| - *| - *| stale-fetch bad-outcome Sometimes *| ok Never *| ok Never ' || {
	echo "matrix: the long form of k1-seed's row is not as expected"
	exit 1
}
# more policies than fit make more tables, a family in one
grep -A6 '^scenario  *arm64-tas$' "$out" | grep -q ' arm64-noisb$' || {
	echo "matrix: arm64's variants are not in arm64-tas's table"
	exit 1
}
echo "matrix: $wide columns; short and long forms as expected"

sh tests/mutations.sh "$fc"
