#!/bin/sh
# SPDX-License-Identifier: MIT
# variety.sh DIR [FLUSHCHECK] - what a directory of generated scenarios
# holds: files per machine and policy, settings, threads, and how many
# files use each op and call; with FLUSHCHECK, also the distribution of
# state counts and verdicts (runs with --max-states 200000).
# For people tuning tests/gen/gen_scenarios.c; not part of `make test`.
dir=$1
fc=${2:-}
n=$(ls "$dir"/*.flush | wc -l)
echo "$n files in $dir"
count() {	# LABEL PATTERN: files matching an extended regex
	printf '  %-22s %5d\n' "$1" "$(grep -l -E -e "$2" "$dir"/*.flush | wc -l)"
}
echo "machines:"
sed -n 's/^machine = //p' "$dir"/*.flush | sort | uniq -c | sort -rn
echo "policy settings (no setting: generic):"
sed -n 's/^policy = //p' "$dir"/*.flush | sort | uniq -c | sort -rn
echo "threads:"
grep -h '^ P0' "$dir"/*.flush | awk -F'|' '{print NF}' | sort | uniq -c
echo "settings:"
for k in cpus lines prefetch dprefetch maint ifill dma; do
	sed -n "s/^$k = /$k=/p" "$dir"/*.flush
done | sort | uniq -c
echo "files using:"
count 'page Q' '^  page Q'
count 'user absent' '^  user .* absent'
count 'user flush-only' '^  user .* f( |;)'
count 'user mm N' '^  user .* mm '
count 'kernel @ VA' '^  kernel .* @ '
for op in 'st ' ' = ld |^ *ld | ld ' ' = exec ' 'copy ' 'dc\.clean ' 'dc\.inv ' \
	'dc\.flush ' '\.local' 'ic\.inv [A-Z]' 'ic\.inv\.all' 'dc\.clean\.all' \
	'dc\.flush\.all' ' dsb ' ' isb ' 'pte\.set ' 'pte\.clear ' \
	'pte\.flushonly ' 'dma\.write ' 'dma\.read ' 'uptodate\(' 'locked\(' \
	'on_each_cpu'; do
	count "$(echo "$op" | sed 's/\\//g; s/|.*//; s/^ *//; s/ *$//')" "$op"
done
for fn in fault pio_read pio_read_flush dma_read dma_write_out write read \
	wp_page_copy ptrace_poke module_load swap_out swap_in \
	flush_dcache_page set_pte_at update_mmu_cache flush_icache_page \
	flush_cache_page flush_cache_range flush_anon_page ptep_get_and_clear \
	flush_icache_range dma_map dma_unmap copy_user_highpage \
	copy_to_user_page; do
	count "$fn()" "[ |]$fn\("
done
echo "conditions:"
sed -n 's/^\(~*exists\|bug exists\|forall\) .*/\1/p' "$dir"/*.flush | sort | uniq -c
[ -n "$fc" ] || exit 0
json=$(mktemp)
trap 'rm -f "$json"' EXIT
ls "$dir"/*.flush | xargs -n 100 "$fc" --json --max-states 200000 > "$json" 2>&1
echo "states per run:"
sed -n 's/.*"states":\([0-9]*\).*/\1/p' "$json" | awk '
	$1 < 100 { c["a     <100"]++; next }
	$1 < 1000 { c["b    <1000"]++; next }
	$1 < 10000 { c["c   <10000"]++; next }
	$1 < 20000 { c["d   <20000"]++; next }
	$1 < 200000 { c["e  <200000"]++; next }
	{ c["f  stopped"]++ }
	END { for (k in c) print k, c[k] }' | sort | cut -c3-
echo "verdict words:"
sed -n 's/.*"verdict":\[\([^]]*\)\].*/\1/p' "$json" | tr -d '"' | tr ',' '\n' | sort | uniq -c
echo "observations:"
sed -n 's/.*"observation":{.*"result":"\([^"]*\)".*/\1/p' "$json" | sort | uniq -c
