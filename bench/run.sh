#!/bin/sh
# run.sh [-t SECONDS] [-s "NxL ..."] [-p "fixed buggy"] [FLUSHCHECK]
#
# The side-by-side benchmark: the seed race scaled to N CPUs and L lines
# per page (bench/family/gen.sh), checked by flushcheck and, in the same
# run, by SPIN on its own model of the same family
# (../shared/bench/spin/scale_race.pml; SPIN_DIR overrides where it is).
# One table: each tool's states, search seconds, peak memory (RSS), the
# time ratio flushcheck/SPIN and whether both reached the same verdict.
#
# -t is the time limit of one run (default 120 s).  A run that hits it is
# reported as such, and the larger members of the family are then skipped
# for that tool and policy: they would exceed it too.
set -u
limit=120
sizes="2x1 2x2 3x1 3x2 4x1 4x2 2x4 3x4 4x4"
policies="fixed buggy"
while getopts t:s:p: o; do
	case $o in
	t) limit=$OPTARG ;;
	s) sizes=$OPTARG ;;
	p) policies=$OPTARG ;;
	*) echo "usage: run.sh [-t SECONDS] [-s \"NxL ...\"] [-p \"fixed buggy\"] [FLUSHCHECK]" >&2
	   exit 2 ;;
	esac
done
shift $((OPTIND - 1))
fc=$(realpath "${1:-build/flushcheck}")
here=$(cd "$(dirname "$0")" && pwd)
spindir=${SPIN_DIR:-$here/../../shared/bench/spin}
model=$spindir/scale_race.pml

havespin=1
if ! command -v spin >/dev/null 2>&1; then
	echo "bench: spin is not installed (Debian: apt-get install spin); SPIN columns skipped"
	havespin=0
elif [ ! -f "$model" ]; then
	echo "bench: no $model (set SPIN_DIR); SPIN columns skipped"
	havespin=0
fi

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
field() { sed -n "s/.*\"$1\":\"\{0,1\}\([^,\"}]*\).*/\1/p" | head -n 1; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

# flushcheck on one member: sets fc_states fc_secs fc_mem fc_verdict
run_fc() {
	sh "$here/family/gen.sh" "$1" "$2" "$3" > "$dir/m.flush"
	/usr/bin/time -f %M -o "$dir/fc.rss" "$fc" --json --timeout "$limit" \
		"$dir/m.flush" > "$dir/fc.out" 2>/dev/null
	fc_states=$(field states < "$dir/fc.out")
	fc_secs=$(field time < "$dir/fc.out")
	fc_secs=$(awk -v t="$fc_secs" 'BEGIN { printf "%.2f", t }')
	fc_verdict=$(field verdict < "$dir/fc.out")
	fc_mem=$(mib "$(tail -n 1 "$dir/fc.rss")")
}

# SPIN on one member, as its README runs it (partial-order reduction on):
# sets sp_states sp_secs sp_mem sp_verdict
run_spin() {
	def=POLICY_FIXED
	[ "$3" = buggy ] && def=POLICY_BUGGY
	(cd "$dir" && spin -DN="$1" -DL="$2" -D$def -a "$model" >/dev/null 2>&1 &&
	 gcc -O2 -w -DSAFETY -DMEMLIM=20000 -o pan pan.c) || {
		sp_states=-; sp_secs=-; sp_mem=-; sp_verdict=error; return; }
	(cd "$dir" && /usr/bin/time -f %M -o sp.rss timeout "$limit" \
		./pan -m100000 -w26 > sp.out 2>&1)
	rc=$?
	sp_states=$(sed -n 's/^ *\([0-9][0-9]*\) states, stored.*/\1/p' "$dir/sp.out")
	sp_secs=$(sed -n 's/^pan: elapsed time \([0-9.e+-]*\) seconds.*/\1/p' "$dir/sp.out")
	sp_mem=$(mib "$(tail -n 1 "$dir/sp.rss")")
	if [ $rc -eq 124 ]; then
		sp_verdict=incomplete; sp_secs=">$limit"; sp_states=-
	elif grep -q 'errors: 0' "$dir/sp.out"; then
		sp_verdict=ok
	elif grep -q 'assertion violated' "$dir/sp.out"; then
		sp_verdict=stale-fetch
	else
		sp_verdict=error
	fi
}

printf '%-2s %-2s %-6s | %11s %8s %8s %-11s | %11s %8s %8s %-11s | %7s %s\n' \
	N L policy "fc states" "fc s" "fc MiB" "fc verdict" \
	"spin states" "spin s" "spin MiB" "spin verdict" "fc/spin" same
for policy in $policies; do
	fc_over=""; sp_over=""
	for nl in $sizes; do
		n=${nl%x*}; l=${nl#*x}
		# a member at least as large as one that hit the limit is skipped
		skip_fc=0; skip_sp=$((1 - havespin))
		for o in $fc_over; do
			[ "$n" -ge "${o%x*}" ] && [ "$l" -ge "${o#*x}" ] && skip_fc=1
		done
		for o in $sp_over; do
			[ "$n" -ge "${o%x*}" ] && [ "$l" -ge "${o#*x}" ] && skip_sp=1
		done
		if [ $skip_fc = 1 ]; then
			fc_states=-; fc_secs=skipped; fc_mem=-; fc_verdict="(>${limit}s)"
		else
			run_fc "$n" "$l" "$policy"
			case $fc_verdict in *incomplete*)
				fc_over="$fc_over $nl"; fc_verdict=incomplete ;; esac
		fi
		if [ $skip_sp = 1 ]; then
			sp_states=-; sp_secs=skipped; sp_mem=-; sp_verdict="(>${limit}s)"
			[ $havespin = 0 ] && sp_verdict="(no spin)"
		else
			run_spin "$n" "$l" "$policy"
			[ "$sp_verdict" = incomplete ] && sp_over="$sp_over $nl"
		fi
		[ "$fc_verdict" = incomplete ] && fc_secs=">$limit"
		ratio=$(awk -v a="$fc_secs" -v b="$sp_secs" 'BEGIN {
			if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b > 0) printf "%.2f", a / b;
			else if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/) print "~";
			else print "-" }')
		same=-
		case "$fc_verdict$sp_verdict" in
		*incomplete*|*"("*|*error*) ;;
		*) if [ "$fc_verdict" = "$sp_verdict" ]; then same=yes; else same=NO; fi ;;
		esac
		printf '%-2s %-2s %-6s | %11s %8s %8s %-11s | %11s %8s %8s %-11s | %7s %s\n' \
			"$n" "$l" "$policy" "$fc_states" "$fc_secs" "$fc_mem" "$fc_verdict" \
			"$sp_states" "$sp_secs" "$sp_mem" "$sp_verdict" "$ratio" "$same"
	done
done
echo "(search seconds as each tool reports them; MiB = peak resident memory;"
echo " SPIN: spin -a, gcc -O2 -DSAFETY, ./pan -m100000 -w26, partial-order reduction on)"
