#!/bin/sh
# SPDX-License-Identifier: MIT
# differential-selftest.sh FLUSHCHECK - the harness itself: it must report
# a difference where there is one and none where there is none.
#  - two settings that really change results (prefetch=none vs any) over
#    catalogue files: the harness must fail and name them;
#  - a mutant flushcheck (a wrapper that edits one field of the JSON of the
#    B side) for each compared field: verdict, outcomes, observation
#    counts, counterexamples must show as a difference; the order of
#    outcomes and of verdict words, and state counts, must not (state
#    counts do with STATES=1);
#  - a limit stops a search: skipped and counted, not a difference;
#  - a reduced counterexample: confirmed in the plain model; one said to
#    be unsound, or without a word, fails; one whose confirmation a limit
#    stopped is skipped;
#  - a file that does not load: an error, and the harness fails.
fc=$1
case "$fc" in /*) ;; *) fc=$(pwd)/$fc ;; esac
here=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0

# check WANT_RC GREP_PATTERN DESCRIPTION -- differential.sh arguments...
check() {
	want=$1 pat=$2 what=$3
	shift 4
	sh "$here/differential.sh" "$@" > "$tmp/out" 2>&1
	rc=$?
	if [ "$rc" -eq "$want" ] && grep -q -e "$pat" "$tmp/out"; then
		pass=$((pass + 1))
	else
		echo "differential self-test: $what: exit $rc (want $want), output:"
		sed 's/^/  /' "$tmp/out" | head -n 20
		fail=$((fail + 1))
	fi
}

isa=scenarios/isa
check 1 ' [1-9][0-9]* differ' "prefetch=none vs prefetch=any must differ" -- \
	"$fc" "--set prefetch=none" "--set prefetch=any" \
	$isa/icache-colour.flush $isa/spec-ifill-local-op.flush \
	$isa/spec-ifill-local.flush $isa/seed-race.flush
grep -q 'DIFFERS scenarios/isa/icache-colour.flush' "$tmp/out" || {
	echo "differential self-test: the difference is not shown in full"
	fail=$((fail + 1))
}

# The mutant: options "--mutant" make it pipe the JSON through $MUTATION.
cat > "$tmp/mutant" <<EOF
#!/bin/sh
m=0
for a; do
	shift
	if [ "\$a" = --mutant ]; then m=1; else set -- "\$@" "\$a"; fi
done
[ \$m = 1 ] || exec "$fc" "\$@"
"$fc" "\$@" | sed -e "\$MUTATION"
EOF
chmod +x "$tmp/mutant"

# mutant WANT_RC PATTERN FILE SED DESCRIPTION
mutant() {
	MUTATION=$4
	export MUTATION
	"$fc" --json "$3" > "$tmp/plain.json" 2>&1
	if sed -e "$MUTATION" "$tmp/plain.json" | cmp -s - "$tmp/plain.json"; then
		echo "differential self-test: $5: the mutation changes nothing"
		fail=$((fail + 1))
		return
	fi
	check "$1" "$2" "$5" -- "$tmp/mutant" "" "--mutant" "$3"
}
seed=$isa/seed-race.flush		# stale-fetch bad-outcome, outcomes
					# old and new
two=$isa/parisc-absent.flush		# verdict stale-load fault bad-outcome
mutant 0 ' 1 agree, 0 differ' "$seed" 's/"time":[0-9.]*/"time":9/' \
	"an unchanged result must agree"
mutant 1 ' 1 differ' "$seed" 's/"verdict":\["stale-fetch"/"verdict":["stale-load"/' \
	"another verdict must differ"
mutant 1 ' 1 differ' "$seed" 's/,{"P0:r0":"new"}//' \
	"a lost outcome must differ"
mutant 0 ' 1 agree' "$seed" \
	's/\[{"P0:r0":"old"},{"P0:r0":"new"}\]/[{"P0:r0":"new"},{"P0:r0":"old"}]/' \
	"outcomes in another order must agree"
mutant 1 ' 1 differ' "$seed" 's/"positive":1/"positive":2/' \
	"another positive count must differ"
mutant 1 ' 1 differ' "$seed" 's/"result":"Sometimes"/"result":"Always"/' \
	"another observation word must differ"
mutant 1 'NO-COUNTEREXAMPLE stale-fetch' "$seed" \
	's/"violations":\[.*\],"observation"/"violations":[],"observation"/' \
	"a violation without a counterexample must differ"
mutant 1 'counterexample-empty' "$seed" 's/"steps":\[[^]]*\]/"steps":[]/' \
	"an empty counterexample must differ"
mutant 0 ' 1 agree' "$two" \
	's/"verdict":\["stale-load","fault","bad-outcome"\]/"verdict":["bad-outcome","fault","stale-load"]/' \
	"verdict words in another order must agree"
mutant 0 ' 1 agree' "$seed" 's/"states":[0-9]*/"states":1/' \
	"state counts are not compared by default"
export STATES=1
mutant 1 ' 1 differ' "$seed" 's/"states":[0-9]*/"states":1/' \
	"with STATES=1 state counts are compared"
unset STATES
mutant 1 ' 2 differ' "$seed" 's/"policy":"generic"/"policy":"x86"/' \
	"a run under another policy must differ"
mutant 1 'no result with' "$seed" 'd' \
	"a side without results must fail"

# Reduced counterexamples must be found again in the plain model.
check 0 'confirmed in the plain model: 2 of 2 ' \
	"a reduced counterexample is confirmed" -- "$fc" "--reduce none" "--reduce spec" "$seed"
MUTATION='s/"confirmed":"plain"/"confirmed":"unsound"/'
export MUTATION
check 1 'UNSOUND REDUCTION' "an unsound reduction must fail" -- \
	"$tmp/mutant" "--reduce none" "--mutant --reduce spec" "$seed"
MUTATION='s/,"confirmed":"plain","confirm_states":[0-9]*//'
check 1 'NOT CHECKED' "a reduced counterexample not checked must fail" -- \
	"$tmp/mutant" "--reduce none" "--mutant --reduce spec" "$seed"
export MAX_STATES=10
check 0 '1 skipped (a limit stopped that search)' \
	"a confirmation that a limit stopped is skipped" -- \
	"$fc" "--reduce none" "--reduce spec" "$seed"
unset MAX_STATES

# Shortest counterexamples (a plain breadth-first run, --shortest) must
# have one length.
check 0 'shortest counterexamples: 2 on both sides, 0 of another length' \
	"--shortest finds the plain search's length" -- \
	"$fc" "--reduce none" "--shortest" "$seed"
MUTATION='s/{"step":1,/{"step":0},{"step":1,/'
check 1 'SHORTEST DIFFERS' "a shortest trace one step longer must differ" -- \
	"$tmp/mutant" "--reduce none" "--mutant --reduce none" "$seed"

# Limits and load errors.
export MAX_STATES=50
check 0 '1 skipped (incomplete)' "a stopped search is skipped" \
	-- "$fc" "--bfs" "--dfs" "$seed"
unset MAX_STATES
mkdir "$tmp/bad"
printf 'FLUSH bad\n{ page P = old; kernel K = P; }\n P0 ;\n st P = new ;\n' \
	> "$tmp/bad/bad.flush"
check 1 '1 errors' "a file that does not load must fail" -- \
	"$fc" "--bfs" "--dfs" "$tmp/bad" "$seed"

echo "differential self-test: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
