#!/bin/sh
# SPDX-License-Identifier: MIT
# same-results.sh FLUSHCHECK "OPTIONS A" "OPTIONS B" - every scenario in
# scenarios/ must give the same JSON under both sets of options: states,
# transitions, verdict, observation and outcomes, expect results and every
# counterexample step.  Only what describes the search itself may differ:
# time, memory and the fingerprint keys.  Leading NAME=VALUE words of the
# options set the environment for that side (FLUSHCHECK_PACK=0).
fc=$1
a=$2
b=$3
# run OPTIONS: flushcheck --json over the catalogue
run() {
	envs=
	opts=
	for w in $1; do
		case $w in
		[A-Z]*=*) envs="$envs $w" ;;
		*) opts="$opts $w" ;;
		esac
	done
	# shellcheck disable=SC2086
	env $envs "$fc" --json $opts scenarios/
}
out=$(mktemp)
trap 'rm -f "$out.a" "$out.b" "$out.ja" "$out.jb" "$out"' EXIT
volatile='s/"time":[^,]*,//; s/"bytes_per_state":[^,]*,//; s/"peak_memory":[^,]*,//; s/"fingerprint":[a-z]*,//; s/"collision_probability":[^,]*,//; s/"probabilistic":[a-z]*,//'
run "$a" > "$out.ja"
run "$b" > "$out.jb"
sh "$(dirname "$0")/json-valid.sh" same-results "$out.ja" "$out.jb" || exit 1
sed "$volatile" "$out.ja" > "$out.a"
sed "$volatile" "$out.jb" > "$out.b"
if [ ! -s "$out.a" ] || ! cmp -s "$out.a" "$out.b"; then
	echo "results differ between '$a' (<) and '$b' (>):"
	diff "$out.a" "$out.b" | cut -c 1-300
	exit 1
fi
echo "same results: $(wc -l < "$out.a") runs agree between '$a' and '$b'"
