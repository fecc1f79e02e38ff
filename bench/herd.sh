#!/bin/sh
# SPDX-License-Identifier: MIT
# herd.sh [FLUSHCHECK] - flushcheck against herd7 on a herd litmus
# catalogue, side by side in one run: the whole directory (HERD_TESTS,
# default ../shared/herd/aarch64-ifetch) through each tool in one
# invocation, wall-clock seconds, and each tool's slowest test by its own
# `Time` line.  herd7 is HERD7 (default: herd7 on PATH; HERD7_LIBDIR its
# libdir, default beside it).  Without herd7 or the tests, it says so and
# skips: they are optional, the project stands alone.
set -u
fc=$(realpath "${1:-build/flushcheck}")
tests=${HERD_TESTS:-../shared/herd/aarch64-ifetch}
herd=${HERD7:-$(command -v herd7 || true)}
if [ ! -d "$tests" ]; then
	echo "bench/herd: no litmus directory $tests (HERD_TESTS=DIR); skipped"
	exit 0
fi
if [ -z "$herd" ] || [ ! -x "$herd" ]; then
	echo "bench/herd: no herd7 (HERD7=PATH; ../shared/herd/build-herd7.sh builds one); skipped"
	exit 0
fi
libdir=${HERD7_LIBDIR:-$(dirname "$herd")/libdir}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
find "$tests" -name '*.litmus' | sort > "$dir/list"
n=$(wc -l < "$dir/list")

now() { date +%s.%N; }
t0=$(now)
# shellcheck disable=SC2046
"$fc" $(cat "$dir/list") > "$dir/fc.out" 2>&1
t1=$(now)
# shellcheck disable=SC2046
"$herd" -set-libdir "$libdir" -variant ifetch $(cat "$dir/list") > "$dir/herd.out" 2>&1
t2=$(now)

slowest() { awk '/^Time /{ if ($3 + 0 > m) { m = $3 + 0; t = $2 } } END { printf "%s %.2f", t, m }' "$1"; }
fcs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
hs=$(awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.2f", b - a }')
printf '%-12s %8s %8s  %s\n' "herd tests" "tests" "seconds" "slowest test (its own Time)"
printf '%-12s %8d %8s  %s\n' flushcheck "$n" "$fcs" "$(slowest "$dir/fc.out")"
printf '%-12s %8d %8s  %s\n' herd7 "$n" "$hs" "$(slowest "$dir/herd.out")"
awk -v a="$fcs" -v b="$hs" 'BEGIN { if (a > 0) printf "herd7 / flushcheck: %.1fx\n", b / a }'
printf 'answered: flushcheck %d, herd7 %d (Observation lines)\n' \
	"$(grep -c '^Observation .* \(Never\|Sometimes\|Always\) ' "$dir/fc.out")" \
	"$(grep -c '^Observation' "$dir/herd.out")"
