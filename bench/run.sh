#!/bin/sh
# SPDX-License-Identifier: MIT
# run.sh [-t SECONDS] [-s "NxL ..."] [-p "fixed buggy"] [-r "REDUCE OPTS"] [FLUSHCHECK]
#
# The side-by-side benchmark: the seed race scaled to N CPUs and L lines
# per page (bench/family/gen.sh), checked in the same run by flushcheck's
# plain search, by flushcheck with its reductions (-r, default
# "--reduce all"), and by SPIN on a Promela model of the same family
# (bench/spin/seed_family.pml; SPIN_MODEL=FILE runs another model, which
# gets -DN, -DL and, for the buggy order, -DBUGGY and -DPOLICY_BUGGY, for
# the fixed one -DPOLICY_FIXED).
# For each: states, search seconds, peak memory (RSS); then the plain
# search's rate against SPIN's, the reduced search's time against SPIN's,
# and whether all three reached the same verdict.
#
# -t is the time limit of one run (default 120 s).  A run that hits it is
# reported as such, and the larger members of the family are then skipped
# for that search and policy: they would exceed it too.
set -u
limit=120
sizes="2x1 2x2 3x1 3x2 4x1 4x2 2x4 3x4 4x4"
policies="fixed buggy"
reduce="--reduce all"
while getopts t:s:p:r: o; do
	case $o in
	t) limit=$OPTARG ;;
	s) sizes=$OPTARG ;;
	p) policies=$OPTARG ;;
	r) reduce=$OPTARG ;;
	*) echo "usage: run.sh [-t SECONDS] [-s \"NxL ...\"] [-p \"fixed buggy\"] [-r OPTS] [FLUSHCHECK]" >&2
	   exit 2 ;;
	esac
done
shift $((OPTIND - 1))
fc=$(realpath "${1:-build/flushcheck}")
here=$(cd "$(dirname "$0")" && pwd)
model=$(realpath -m "${SPIN_MODEL:-$here/spin/seed_family.pml}")

havespin=1
if ! command -v spin >/dev/null 2>&1; then
	echo "bench: spin is not installed (Debian: apt-get install spin); SPIN columns skipped"
	havespin=0
elif [ ! -f "$model" ]; then
	echo "bench: no $model (SPIN_MODEL); SPIN columns skipped"
	havespin=0
fi

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
field() { sed -n "s/.*\"$1\":\"\{0,1\}\([^,\"}]*\).*/\1/p" | head -n 1; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

# flushcheck on one member with options $4: sets states secs mem verdict
run_fc() {
	sh "$here/family/gen.sh" "$1" "$2" "$3" > "$dir/m.flush"
	# shellcheck disable=SC2086
	/usr/bin/time -f %M -o "$dir/fc.rss" "$fc" --json --timeout "$limit" \
		$4 "$dir/m.flush" > "$dir/fc.out" 2>/dev/null
	states=$(field states < "$dir/fc.out")
	trans=$(field transitions < "$dir/fc.out")
	secs=$(awk -v t="$(field time < "$dir/fc.out")" 'BEGIN { printf "%.3f", t }')
	# "verdict":["stale-fetch","bad-outcome"] (docs/json.md): the words
	verdict=$(sed -n 's/.*"verdict":\[\([^]]*\)\].*/\1/p' "$dir/fc.out" |
		head -n 1 | tr -d '"' | tr ',' ' ')
	bps=$(field bytes_per_state < "$dir/fc.out")
	mem=$(mib "$(tail -n 1 "$dir/fc.rss")")
	case $verdict in *incomplete*) verdict=incomplete; secs=">$limit" ;; esac
}

# SPIN on one member, as bench/README.md runs it (partial-order reduction
# on): sets states secs mem verdict
run_spin() {
	def=-DPOLICY_FIXED
	[ "$3" = buggy ] && def="-DBUGGY -DPOLICY_BUGGY"
	# shellcheck disable=SC2086
	(cd "$dir" && spin -DN="$1" -DL="$2" $def -a "$model" >/dev/null 2>&1 &&
	 gcc -O2 -w -DSAFETY -DMEMLIM=20000 -o pan pan.c) || {
		states=-; secs=-; mem=-; verdict=error; return; }
	(cd "$dir" && /usr/bin/time -f %M -o sp.rss timeout "$limit" \
		./pan -m100000 -w26 > sp.out 2>&1)
	rc=$?
	states=$(sed -n 's/^ *\([0-9][0-9]*\) states, stored.*/\1/p' "$dir/sp.out")
	# bytes per stored state: pan's own count for the states (vector as
	# stored + its overhead), its preallocated hash table left out
	sbps=$(awk -v n="$states" '/actual memory usage for states/ {
		if (n > 0) printf "%.1f", $1 * 1048576 / n }' "$dir/sp.out")
	secs=$(sed -n 's/^pan: elapsed time \([0-9.e+-]*\) seconds.*/\1/p' "$dir/sp.out")
	mem=$(mib "$(tail -n 1 "$dir/sp.rss")")
	if [ $rc -eq 124 ]; then
		verdict=incomplete; secs=">$limit"; states=-
	elif grep -q 'errors: 0' "$dir/sp.out"; then
		verdict=ok
	elif grep -q 'assertion violated' "$dir/sp.out"; then
		verdict=stale-fetch
	else
		verdict=error
	fi
}

# Is member $1 at least as large as one in the list $2?
covered() {
	for o in $2; do
		[ "${1%x*}" -ge "${o%x*}" ] && [ "${1#*x}" -ge "${o#*x}" ] && return 0
	done
	return 1
}

# one search of one member, or its skip; sets the variables of run_*
one() {	# tool over-list n l policy
	if covered "$3x$4" "$2"; then
		states=-; secs=skipped; mem=-; verdict="(>${limit}s)"
		return
	fi
	case $1 in
	plain) run_fc "$3" "$4" "$5" "--reduce none" ;;
	reduced) run_fc "$3" "$4" "$5" "$reduce" ;;
	spin) run_spin "$3" "$4" "$5" ;;
	esac
}

num() { case $1 in ''|*[!0-9.]*) return 1 ;; esac; }

echo "plain = flushcheck, no reductions; reduced = flushcheck $reduce; time limit ${limit}s per run"
printf '%-2s %-2s %-5s | %10s %8s %7s %-11s | %8s %7s %6s %-11s | %10s %7s %7s %-11s | %9s %9s %s\n' \
	N L pol "plain st" "s" MiB verdict "red st" "s" MiB verdict \
	"spin st" "s" MiB verdict "rate p/S" "time r/S" same
for policy in $policies; do
	over_p=""; over_r=""; over_s=""
	[ $havespin = 0 ] && over_s="1x1"
	for nl in $sizes; do
		n=${nl%x*}; l=${nl#*x}
		one plain "$over_p" "$n" "$l" "$policy"
		p_st=$states p_s=$secs p_m=$mem p_v=$verdict p_b=${bps:--} p_t=${trans:-}
		[ "$p_v" = incomplete ] && over_p="$over_p $nl"
		one reduced "$over_r" "$n" "$l" "$policy"
		r_st=$states r_s=$secs r_m=$mem r_v=$verdict
		[ "$r_v" = incomplete ] && over_r="$over_r $nl"
		sbps=-
		one spin "$over_s" "$n" "$l" "$policy"
		s_st=$states s_s=$secs s_m=$mem s_v=$verdict s_b=${sbps:--}
		if num "$p_s" && num "$p_st"; then
			printf '%-2s %-2s %-5s %12s %14s %9s %12s %9s %7s %7s %6s  %s\n' "$n" "$l" \
				"$policy" "$p_st" "$p_t" "$p_s" \
				"$(awk -v a="$p_st" -v b="$p_s" 'BEGIN { if (b > 0) printf "%.0f", a / b; else print "-" }')" \
				"$p_m" "$p_b" "$s_b" \
				"$(awk -v a="$p_b" -v b="$s_b" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else print "-" }')" \
				"$p_v" >> "$dir/plain.txt"
		fi
		[ $havespin = 0 ] && s_v="(no spin)"
		[ "$s_v" = incomplete ] && over_s="$over_s $nl"
		# states per second, plain flushcheck over SPIN
		rate=-
		if num "$p_s" && num "$s_s" && num "$p_st" && num "$s_st"; then
			rate=$(awk -v a="$p_st" -v b="$p_s" -v c="$s_st" -v d="$s_s" \
				'BEGIN { if (b > 0.005 && d > 0.005) printf "%.2f", (a / b) / (c / d); else print "~" }')
		fi
		ratio=-
		if num "$r_s" && num "$s_s"; then
			ratio=$(awk -v a="$r_s" -v b="$s_s" \
				'BEGIN { if (b <= 0.005) print "~"; else if (a < 0.0005) print "~0"; else printf "%.3g", a / b }')
		fi
		same=-
		case "$p_v $r_v $s_v" in
		*incomplete*|*"("*|*error*)
			# what finished must agree
			same=yes
			for v in "$p_v" "$r_v" "$s_v"; do
				case $v in incomplete|"("*|error) ;;
				*) for w in "$p_v" "$r_v" "$s_v"; do
					case $w in incomplete|"("*|error) ;;
					*) [ "$v" = "$w" ] || same=NO ;; esac
				   done ;;
				esac
			done ;;
		*) if [ "$p_v" = "$r_v" ] && [ "$r_v" = "$s_v" ]; then same=yes; else same=NO; fi ;;
		esac
		printf '%-2s %-2s %-5s | %10s %8s %7s %-11s | %8s %7s %6s %-11s | %10s %7s %7s %-11s | %9s %9s %s\n' \
			"$n" "$l" "$policy" "$p_st" "$p_s" "$p_m" "$p_v" \
			"$r_st" "$r_s" "$r_m" "$r_v" "$s_st" "$s_s" "$s_m" "$s_v" \
			"$rate" "$ratio" "$same"
	done
done
echo
echo "The plain search in detail:"
printf '%-2s %-2s %-5s %12s %14s %9s %12s %9s %7s %7s %6s  %s\n' N L pol states transitions \
	seconds states/s MiB "B/st" "spin B" "B f/S" verdict
cat "$dir/plain.txt" 2>/dev/null
echo
echo "(seconds: each tool's own search time; MiB: peak resident memory;"
echo " rate p/S: plain flushcheck's states per second over SPIN's; time r/S: reduced"
echo " flushcheck's time over SPIN's; SPIN: spin -a, gcc -O2 -DSAFETY,"
echo " ./pan -m100000 -w26, partial-order reduction on, stops at the first error;"
echo " B/st: bytes per stored state, flushcheck's report (visited set, index and"
echo " parent links) and pan's 'actual memory usage for states' over its stored"
echo " states (its preallocated hash table not counted); B f/S: their ratio)"
