#!/bin/sh
# SPDX-License-Identifier: MIT
# cli.sh FLUSHCHECK - the command line a maintainer uses daily (issue 11):
# --like, --differ and the matrix's order.  Each check fails with a line
# saying what it wanted.
fc=$1
out=$(mktemp)
mine=$(mktemp -d)/arm64-mine.pol
trap 'rm -f "$out"; rm -rf "$(dirname "$mine")"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "cli: $*"; fail=$((fail + 1)); }

# --like arm64: a copy of arm64 broken as a user would break it (its
# __flush_icache_range forgets the IC IVAU) is judged by arm64's expect
# lines: the races it reopens are a `!` in its column and exit 1; arm64's
# own column has none; files with no arm64 line are left out and counted.
sed -e 's/^POLICY arm64$/POLICY arm64-mine/' \
    -e '/^arm64_flush_icache_range(k) {/,/^}/{/ic\.inv k;/d}' \
    policies/arm64.pol > "$mine"
cmp -s policies/arm64.pol "$mine" && bad "the copy of arm64 is not broken"
"$fc" --matrix --policy "$mine" --policy arm64 --like arm64 \
	scenarios/kernel > "$out" 2>&1
rc=$?
[ "$rc" -eq 1 ] && ok || bad "--like: exit $rc (want 1)"
grep -Eq '^k7-module-armv8 +BO/S! +ok/N$' "$out" && ok ||
	bad "--like: k7-module-armv8 is not BO/S! beside arm64's ok/N"
grep -E '^[kn][0-9]' "$out" | awk '{ print $3 }' | grep -q '!' &&
	bad "--like: arm64's own column has a failed cell" || ok
grep -q '^--like arm64: [1-9][0-9]* files skipped, no expect line for arm64$' \
	"$out" && ok || bad "--like: no count of the files left out"
# without --like the copy is judged by no line: every violation fails
"$fc" --matrix --policy "$mine" scenarios/kernel/k1-seed.flush > "$out" 2>&1
grep -Eq '^k1-seed +ok/N$|^k1-seed +[A-Z+]+/S!$' "$out" && ok ||
	bad "no --like: k1-seed's cell is unexpected: $(grep '^k1-seed' "$out")"
# the text report says which policy's line judged the run
"$fc" --policy "$mine" --like arm64 scenarios/kernel/k7-module-armv8.flush \
	> "$out" 2>&1
grep -q '^Expect arm64: ok Never  FAILED  (--like: judges arm64-mine)$' \
	"$out" && ok || bad "--like: the Expect line does not name the judged policy"

# --differ: only the rows where the policies say different things
"$fc" --differ --policy arm64 --policy arm64-tas scenarios/kernel > "$out" 2>&1
grep -Eq '^k1-tas-race +ok/N +SF/S!?$' "$out" && ok ||
	bad "--differ: k1-tas-race missing"
grep -q '^k1-seed ' "$out" && bad "--differ: k1-seed shown (the same verdicts)" || ok

# natural order: k2 before k10, n9 before n10, whatever the directory says
"$fc" --matrix scenarios/kernel 2>&1 | sed '/^$/q' > "$out"
order=$(grep -Eo '^(k2-pio-data|k10-poketext|n9-riscv-bringup|n10-riscv-tas) ' \
	"$out" | tr -d ' ' | tr '\n' ' ')
[ "$order" = "k2-pio-data k10-poketext n9-riscv-bringup n10-riscv-tas " ] && ok ||
	bad "matrix rows not in natural order: $order"
# columns in the order given, not grouped by family
"$fc" --matrix --policy arm64 --policy generic --policy arm64-tas \
	scenarios/kernel/k1-tas-race.flush > "$out" 2>&1
grep -Eq '^k1-tas-race +ok/N +SF/S +SF/S!$' "$out" && ok ||
	bad "matrix columns not in the order given"

# machines as files: a scenario names one relative to itself; the Test line
# and JSON name the machine as it ran; --show-machine checks a file
dir=$(dirname "$mine")
mkdir -p "$dir/sub" "$dir/m"
"$fc" --show-machine riscv | sed 's/^maint = .*/maint = local/' > "$dir/m/mine.machine"
printf 'FLUSH mf\nmachine = ../m/mine.machine\nprefetch = none\n{ page P = old; kernel K = P; }\n P0 ;\n r0 = ld K ;\n' \
	> "$dir/sub/mf.flush"
"$fc" "$dir/sub/mf.flush" > "$out" 2>&1
grep -q '^Test mf machine=../m/mine.machine+prefetch=none policy=generic$' "$out" &&
	ok || bad "machine file: $(head -n 1 "$out")"
"$fc" --json "$dir/sub/mf.flush" | grep -q '"machine":"../m/mine.machine+prefetch=none"' &&
	ok || bad "machine file: JSON does not name the machine as it ran"
"$fc" --set maint=local scenarios/kernel/k1-seed.flush | grep -q '^Test k1-seed machine=cortex-a9+maint=local ' &&
	ok || bad "--set: the Test line does not name the override"
"$fc" --show-machine "$dir/m/mine.machine" > "$out" 2>&1 &&
	grep -q '^maint = local$' "$out" && grep -q '^# D-cache colours: ' "$out" &&
	ok || bad "--show-machine FILE: $(tail -n 1 "$out")"
echo "bogus = 1" >> "$dir/m/mine.machine"
"$fc" --show-machine "$dir/m/mine.machine" > "$out" 2>&1
rc=$?
[ "$rc" -eq 2 ] && grep -q "mine.machine:[0-9]*:[0-9]*: unknown machine parameter 'bogus'" "$out" &&
	ok || bad "--show-machine FILE with an error: exit $rc, $(cat "$out")"
"$fc" "$dir/sub/mf.flush" > "$out" 2>&1
grep -q "mine.machine:[0-9]*:[0-9]*: unknown machine parameter 'bogus'" "$out" &&
	ok || bad "a scenario's bad machine file is not reported at its line"
# --show-policy: a built-in policy's source
"$fc" --show-policy arm64 | grep -q '^POLICY arm64$' && ok || bad "--show-policy arm64"
"$fc" --show-policy nosuch > "$out" 2>&1
[ $? -eq 2 ] && ok || bad "--show-policy nosuch: not exit 2"

# limits: a memory limit too small for the first state is incomplete
# (exit 3), with what to try next; Ctrl-C stops the search as a limit
"$fc" --policy generic --max-memory 1000 scenarios/kernel/k1-seed.flush > "$out" 2>&1
rc=$?
[ "$rc" -eq 3 ] && grep -q '^Incomplete max-memory after 0 states$' "$out" &&
	grep -q '^Next: try --fingerprint' "$out" && ok ||
	bad "--max-memory 1000: exit $rc, $(grep -m1 -i 'incomplete\|:1:1:' "$out")"
sh bench/family/gen.sh 4 2 buggy > "$dir/big.flush"
# --foreground: one SIGINT to flushcheck alone (without it timeout also
# signals its process group, a second Ctrl-C, which ends flushcheck at once)
timeout --foreground --preserve-status -s INT 1 "$fc" --reduce none "$dir/big.flush" "$dir/big.flush" \
	> "$out" 2>&1
rc=$?
[ "$rc" -eq 3 ] && grep -q '^Incomplete interrupted after [0-9]* states$' "$out" &&
	grep -q '^Interrupted: 1 runs not started$' "$out" && ok ||
	bad "Ctrl-C: exit $rc, $(grep -m1 'Incomplete' "$out")"

# files and streams: - is standard input; an input with no scenario is an
# error (exit 2); --only selects by name; --first stops at a violation
"$fc" - < scenarios/kernel/k1-seed.flush > "$out" 2>&1 &&
	grep -q '^Test k1-seed machine=cortex-a9 policy=arm-2.6.33$' "$out" && ok ||
	bad "- (standard input): $(head -n 1 "$out")"
mkdir -p "$dir/empty"
"$fc" "$dir/empty" > "$out" 2>&1
[ $? -eq 2 ] && grep -q 'empty:1:1: no scenarios found$' "$out" && ok ||
	bad "an empty directory: $(grep -v Summary "$out")"
"$fc" 'scenarios/kernel/*.flsh' > "$out" 2>&1
[ $? -eq 2 ] && grep -q 'no scenarios found (the pattern matched no file)' "$out" &&
	ok || bad "a glob that matched nothing"
"$fc" --only 'k1-tas-*' scenarios/kernel > "$out" 2>&1
n=$(grep -c '^Test k1-tas-' "$out")
[ "$n" -gt 0 ] && ! grep -q '^Test k[02-9]\|^Test n' "$out" && ok ||
	bad "--only 'k1-tas-*' ran other files ($n k1-tas- runs)"
"$fc" --only 'nosuch*' scenarios/kernel > "$out" 2>&1
[ $? -eq 2 ] && grep -q "no scenarios found (none named like --only 'nosuch\*')" "$out" &&
	ok || bad "--only matching nothing"
"$fc" --first --reduce none "$dir/big.flush" > "$out" 2>&1
rc=$?
[ "$rc" -eq 3 ] && grep -q '^Incomplete first-violation after ' "$out" &&
	grep -q '^Verdict stale-fetch incomplete$' "$out" && ok ||
	bad "--first: exit $rc, $(grep -m1 Incomplete "$out")"

# error messages: the nearest known name; a missing ';' at its line's
# end; a set_pte_at that never sets the PTE, at load
hint() { # CELL WANT: the message for a one-cell scenario contains WANT
	printf 'FLUSH t\n{ page P = old; kernel K = P; }\n P0 ;\n %s ;\n' "$1" |
		"$fc" - > "$out" 2>&1
	grep -qF -- "$2" "$out" && ok || bad "$1: $(head -n 1 "$out")"
}
hint "dc.cleen K" "-:4:2: unknown statement 'dc.cleen' (did you mean 'dc.clean'?)"
hint "flush_icache_rnage(K)" "unknown function 'flush_icache_rnage' (did you mean 'flush_icache_range'?)"
"$fc" --machine cortexa9 scenarios/kernel/k1-seed.flush > "$out" 2>&1
grep -qF "unknown machine 'cortexa9' (did you mean 'cortex-a9'?)" "$out" && ok ||
	bad "--machine cortexa9: $(head -n 1 "$out")"
"$fc" --policy arm46 scenarios/kernel/k1-seed.flush > "$out" 2>&1
grep -qF "unknown policy 'arm46' (did you mean 'arm64'?)" "$out" && ok ||
	bad "--policy arm46: $(head -n 1 "$out")"
printf 'FLUSH t\n{ page P = old; kernel K = P; }\n P0 ;\n r0 = ld K\n r1 = ld K ;\n' |
	"$fc" - > "$out" 2>&1
grep -qF -- "-:4:11: expected ';' at the end of the row: missing at the end of this line" \
	"$out" && ok || bad "missing ';': $(head -n 1 "$out")"
printf 'POLICY nopte\nset_pte_at(u) {\n\tif (exec(u))\n\t\tdsb;\n}\n' > "$dir/nopte.pol"
"$fc" --policy "$dir/nopte.pol" scenarios/kernel/k1-seed.flush > "$out" 2>&1
[ $? -eq 2 ] && grep -qF "nopte.pol:2:1: set_pte_at(u) never runs pte.set u" "$out" &&
	ok || bad "set_pte_at without pte.set: $(head -n 1 "$out")"

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
