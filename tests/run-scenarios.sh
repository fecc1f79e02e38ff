#!/bin/sh
# run-scenarios.sh FLUSHCHECK - every scenario's expect lines must hold;
# depth-first must agree with breadth-first on every verdict, state count
# and observation; fingerprints and threads must change nothing but the
# memory and the time (tests/same-results.sh); and every mutation in
# tests/mutations.txt must make its expect lines fail.
fc=$1
out=$(mktemp)
trap 'rm -f "$out" "$out.bfs" "$out.dfs"' EXIT
"$fc" -q scenarios/ > "$out" 2>&1
rc=$?
grep -E 'FAILED|:[0-9]+:[0-9]+:' "$out"
tail -n 1 "$out"
if [ "$rc" -ne 0 ]; then
	echo "scenarios: flushcheck exited $rc (want 0)"
	exit 1
fi

# Every reduction must keep every expect line (tests/differential.sh
# compares the full results).
for red in spec symmetry por spec,por all; do
	"$fc" -q --reduce $red scenarios/ > "$out" 2>&1
	rc=$?
	if [ "$rc" -ne 0 ]; then
		grep -E 'FAILED|:[0-9]+:[0-9]+:' "$out"
		echo "scenarios: --reduce $red: flushcheck exited $rc (want 0)"
		exit 1
	fi
	echo "reduce $red: $(tail -n 1 "$out")"
done

# Search orders: the same states, verdicts and outcomes either way.
keep='s/.*"test":"\([^"]*\)".*"policy":"\([^"]*\)".*"verdict":"\([^"]*\)".*"states":\([0-9]*\).*/\1 \2 \3 \4/p'
"$fc" --json --bfs scenarios/ | sed -n "$keep" > "$out.bfs"
"$fc" --json --dfs scenarios/ | sed -n "$keep" > "$out.dfs"
"$fc" --json --bfs scenarios/ | sed -n 's/.*"test":"\([^"]*\)".*"observation":{[^}]*"positive":\([0-9]*\),"negative":\([0-9]*\).*/\1 \2 \3/p' >> "$out.bfs"
"$fc" --json --dfs scenarios/ | sed -n 's/.*"test":"\([^"]*\)".*"observation":{[^}]*"positive":\([0-9]*\),"negative":\([0-9]*\).*/\1 \2 \3/p' >> "$out.dfs"
if ! cmp -s "$out.bfs" "$out.dfs"; then
	echo "search orders disagree (bfs < > dfs):"
	diff "$out.bfs" "$out.dfs"
	exit 1
fi
echo "search orders: $(wc -l < "$out.bfs") results agree between --bfs and --dfs"

sh tests/same-results.sh "$fc" "" "--fingerprint" || exit 1
sh tests/same-results.sh "$fc" "--dfs" "--dfs --fingerprint" || exit 1
sh tests/same-results.sh "$fc" "--dfs --max-states 333" \
	"--dfs --fingerprint --max-states 333" || exit 1

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
sh tests/same-results.sh "$fc" "FLUSHCHECK_PACK=0" "" || exit 1
sh tests/same-results.sh "$fc" "FLUSHCHECK_PACK=0 --dfs" "--dfs" || exit 1

# Threads: the same search as one thread.  The catalogue's levels are
# small, so FLUSHCHECK_PAR_GRAIN (MIN_LEVEL:CHUNK, see search.h) sends
# every level through the threads, in chunks of a few parents.
FLUSHCHECK_PAR_GRAIN=1:1 sh tests/same-results.sh "$fc" "-j 1" "-j 2" || exit 1
FLUSHCHECK_PAR_GRAIN=1:3 sh tests/same-results.sh "$fc" "--fingerprint" \
	"-j 3 --fingerprint" || exit 1
FLUSHCHECK_PAR_GRAIN=1:2 sh tests/same-results.sh "$fc" "--max-states 333" \
	"-j 2 --max-states 333" || exit 1
# The reductions are functions of the state alone: threads change nothing.
FLUSHCHECK_PAR_GRAIN=1:1 sh tests/same-results.sh "$fc" "--reduce all" \
	"--reduce all -j 2" || exit 1

sh tests/mutations.sh "$fc"
