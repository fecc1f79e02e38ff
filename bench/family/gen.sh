#!/bin/sh
# SPDX-License-Identifier: MIT
# gen.sh N L fixed|buggy - the seed race scaled to N CPUs and L lines per
# page, as a .flush scenario on standard output.  CPU N-1 writes the page
# through the kernel alias and syncs it; CPUs 0..N-2 wait for the user PTE
# and execute every line.  Speculative I-fills (through the kernel linear
# map and, once present, the user mapping) and evictions are on; D-side
# speculation is off, as in bench/spin/seed_family.pml.
set -e
n=$1; l=$2; policy=$3
case "$policy" in fixed|buggy) ;; *) echo "usage: gen.sh N L fixed|buggy" >&2; exit 2;; esac
w=$((n - 1))
echo "FLUSH seed-n${n}-l${l}-${policy}"
echo "\"The seed race with $n CPUs and $l lines per page, $policy sync order\""
echo "machine = cortex-a9"
echo "cpus = $n"
echo "lines = $l"
echo "icache = pipt 32K 4"
echo "prefetch = exec"
echo "dprefetch = none"
echo "{ page P = old; kernel K = P; user U = P @ 0x8000 rx absent; }"
# the writer's column, then each executor's
writer="st K = new"
[ "$policy" = buggy ] && writer="$writer;pte.set U"
writer="$writer;dc.clean K;ic.inv.all"
[ "$policy" = fixed ] && writer="$writer;pte.set U"
exe=""
i=0
while [ $i -lt "$l" ]; do exe="$exe${exe:+;}r$i = exec U[$i]"; i=$((i + 1)); done
head=""
c=0
while [ $c -lt "$n" ]; do head="$head${head:+ | }P$c"; c=$((c + 1)); done
echo " $head ;"
rows=$(printf '%s\n' "$writer" | tr ';' '\n' | wc -l)
erows=$(printf '%s\n' "$exe" | tr ';' '\n' | wc -l)
[ "$erows" -gt "$rows" ] && rows=$erows
r=1
while [ $r -le "$rows" ]; do
	line=""
	c=0
	while [ $c -lt "$n" ]; do
		if [ $c -eq $w ]; then cell=$(printf '%s\n' "$writer" | tr ';' '\n' | sed -n "${r}p")
		else cell=$(printf '%s\n' "$exe" | tr ';' '\n' | sed -n "${r}p"); fi
		[ $c -gt 0 ] && line="$line | "
		line="$line$cell"
		c=$((c + 1))
	done
	echo " $line ;"
	r=$((r + 1))
done
if [ "$policy" = fixed ]; then
	echo "expect *: ok"
else
	echo "expect *: stale-fetch"
fi
