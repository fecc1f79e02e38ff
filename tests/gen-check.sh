#!/bin/sh
# SPDX-License-Identifier: MIT
# gen-check.sh FLUSHCHECK GEN_SCENARIOS - the random scenario generator:
#  - it is deterministic: the same seed writes the same files, file i
#    does not depend on COUNT, another seed writes other files;
#  - every file of 2,000 loads (flushcheck never exits 2, every file
#    gives a result and no input error), and every line of the --json
#    output validates against docs/flushcheck.schema.json;
#  - the files cover every machine preset and built-in policy, and every
#    op, override, mapping kind and condition form the generator knows
#    (a change to it that loses one fails here).
# The searches run with --max-states 20000: loading is what is tested
# here; the differential run (tests/differential.sh) does the rest.
fc=$1
gen=$2
seed=${GEN_SEED:-2}
count=${GEN_COUNT:-2000}
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0

# Determinism.
"$gen" "$seed" 50 "$tmp/a" && "$gen" "$seed" 50 "$tmp/b" &&
	"$gen" "$seed" 20 "$tmp/c" && "$gen" $((seed + 1)) 50 "$tmp/d" || {
	echo "gen-check: $gen failed"
	exit 1
}
if ! diff -r "$tmp/a" "$tmp/b" > /dev/null; then
	echo "gen-check: seed $seed gave different files in two runs"
	fail=1
fi
for f in "$tmp"/c/*; do
	cmp -s "$f" "$tmp/a/$(basename "$f")" || {
		echo "gen-check: $(basename "$f") depends on COUNT"
		fail=1
		break
	}
done
same=0
for f in "$tmp"/a/*; do
	g=$tmp/d/$(basename "$f" | sed "s/^gen-$seed-/gen-$((seed + 1))-/")
	# the first two lines name the seed
	sed 1,2d "$f" > "$tmp/f.body"
	sed 1,2d "$g" | cmp -s - "$tmp/f.body" && same=$((same + 1))
done
if [ "$same" -gt 5 ]; then
	echo "gen-check: seeds $seed and $((seed + 1)) wrote $same equal files of 50"
	fail=1
fi

# Every file loads.
"$gen" "$seed" "$count" "$tmp/many" || exit 1
ls "$tmp"/many/*.flush > "$tmp/files"
mkdir "$tmp/chunk"
split -n "r/$jobs" "$tmp/files" "$tmp/chunk/"
for c in "$tmp"/chunk/*; do
	(xargs -n 100 "$fc" --json --max-states 20000 < "$c" > "$c.json" \
		2> "$c.err"; echo $? > "$c.rc") &
done
wait
cat "$tmp"/chunk/*.json > "$tmp/all.json"
cat "$tmp"/chunk/*.err > "$tmp/all.err"
nres=$(sed -n 's/^{"type":"run".*"file":"\([^"]*\)".*/\1/p' "$tmp/all.json" | sort -u | wc -l)
nerr=$(grep -c '^{"type":"error"' "$tmp/all.json")
if [ "$nres" -ne "$count" ] || [ "$nerr" -ne 0 ] || [ -s "$tmp/all.err" ] ||
	grep -qx 2 "$tmp"/chunk/*.rc; then
	echo "gen-check: $((count - nres)) of $count generated files gave no result, $nerr runs an error:"
	head -n 5 "$tmp/all.err"
	grep '^{"type":"error"' "$tmp/all.json" | head -n 5
	fail=1
fi
# Every line is a record of docs/json.md (tests/json-check.sh says more):
# random scenarios reach keys and values the catalogue may not.
sh "$(dirname "$0")/json-valid.sh" gen-check "$tmp/all.json" || fail=1
small=$(grep -c '"complete":true' "$tmp/all.json")
stopped=$(grep -c '"complete":false' "$tmp/all.json")

# Variety: each of these must occur in some file.
cat "$tmp"/many/*.flush > "$tmp/text"
missing=""
want() {
	grep -q -e "$1" "$tmp/text" || missing="$missing '$1'"
}
for m in $("$fc" --list-machines | awk '/^[^ ]/ {print $1}'); do
	want "^machine = $m\$"
done
for p in $("$fc" --list-policies | awk '/^[^ ]/ {print $1}'); do
	want "^policy = $p\$"
done
for k in cpus lines prefetch dprefetch maint ifill dma; do
	want "^$k = "
done
for op in 'st [A-Z]' 'st [A-Z0-9[\]]* = r' '= ld ' '= exec ' '^ *ld \| ld ' \
	'copy ' 'dc\.clean ' 'dc\.inv ' 'dc\.flush ' 'dc\.[a-z]*\.local ' \
	'ic\.inv [A-Z]' 'ic\.inv\.local ' 'ic\.inv\.all ' 'ic\.inv\.all\.local' \
	'dc\.clean\.all' 'dc\.flush\.all' ' dsb ' ' isb ' 'pte\.set ' \
	'pte\.clear ' 'pte\.flushonly ' 'dma\.write ' '= dma\.read ' \
	'\[[01]\] ' 'set uptodate(' 'wait uptodate(' 'lock locked(' \
	'unlock locked(' 'on_each_cpu {'; do
	want "$op"
done
for fn in fault pio_read pio_read_flush dma_read dma_write_out write read \
	wp_page_copy ptrace_poke module_load swap_out swap_in \
	flush_dcache_page set_pte_at update_mmu_cache flush_icache_page \
	flush_cache_page flush_cache_range flush_anon_page ptep_get_and_clear \
	flush_icache_range dma_map dma_unmap copy_user_highpage \
	copy_to_user_page; do
	want "[ |]$fn("
done
for d in ' absent;' ' f;' ' f absent' ' mm [0-9]' 'kernel [A-Z0-9]* = [PQ];' \
	'kernel [A-Z0-9]* = [PQ] @ ' '^  page Q' '^exists ' '^bug exists ' '^~exists ' \
	'^forall ' '/\\' '\\/' '~(' '\[[PQ]\] = ' '\[[PQ]\[[01]\]\] = ' \
	'P[0-9]:r[0-9]* = ' '^check [a-z]' '^check none'; do
	want "$d"
done
if [ -n "$missing" ]; then
	echo "gen-check: $count files of seed $seed never contain:$missing"
	fail=1
fi

echo "gen-check: $count generated files (seed $seed) load: $small finished under 20000 states, $stopped stopped there; deterministic; every preset, policy and op present"
exit $fail
