#!/bin/sh
# run.sh FLUSHCHECK - the scaling benchmark: the seed race for N CPUs
# (2, 3, 4) x L lines per page (1, 2, 4), both sync orders, plain search.
# Each run is capped by BENCH_TIMEOUT seconds (default 120); a capped run
# says "incomplete" and its numbers are those at the cap.
fc=${1:-build/flushcheck}
timeout=${BENCH_TIMEOUT:-120}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
field() { sed -n "s/.*\"$1\":\"\{0,1\}\([^,\"}]*\).*/\1/p"; }
printf '%-3s %-3s %-6s %12s %14s %9s %12s %10s  %s\n' N L policy states \
	transitions seconds states/s "peak MiB" verdict
for n in 2 3 4; do
	for l in 1 2 4; do
		for policy in fixed buggy; do
			f="$dir/seed-$n-$l-$policy.flush"
			sh "$(dirname "$0")/family/gen.sh" "$n" "$l" "$policy" > "$f"
			out=$("$fc" --json --timeout "$timeout" "$f" 2>&1)
			states=$(echo "$out" | field states)
			trans=$(echo "$out" | field transitions)
			secs=$(echo "$out" | field time)
			mem=$(echo "$out" | field peak_memory)
			verdict=$(echo "$out" | field verdict)
			rate=$(awk -v s="$states" -v t="$secs" 'BEGIN { if (t > 0) printf "%.0f", s / t; else print "-" }')
			mib=$(awk -v m="$mem" 'BEGIN { printf "%.1f", m / 1048576 }')
			printf '%-3s %-3s %-6s %12s %14s %9.3f %12s %10s  %s\n' "$n" "$l" \
				"$policy" "$states" "$trans" "$secs" "$rate" "$mib" "$verdict"
		done
	done
done
