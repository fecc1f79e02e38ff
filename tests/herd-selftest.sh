#!/bin/sh
# SPDX-License-Identifier: MIT
# herd-selftest.sh - tools/herd-check.sh and tools/herd-diff.sh read and
# count right.  Neither herd7 nor a herd catalogue is needed: a fake tool
# (tests/fixtures/herd/fake-tool.sh) prints, for each fixture test, an
# output block written by hand in herd's format (fixtures/herd/out/), so
# each count below is known:
#
#   test  kinds.txt (nearest)  flushcheck               herd7
#   V1/t1 Allowed              Sometimes                the same states
#   V1/t2 Forbidden            Sometimes, 1 more state  Never
#   V1/t5 Forbidden            times out (exit 124)     Never
#   V1/t8 none                 Sometimes, 2 states      Sometimes, 3 states
#   V2/t3 Allowed (V2's file;  Always, lines and        Always
#         the top one says     assignments in another
#         Forbidden)           order
#   V2/t4 none in V2's file    Never                    Never
#   V2/t6 Required             refused (exit 2)         Sometimes: herd7
#                                                       contradicts kinds.txt
#   V2/t7 none                 exit 0: states and No,   Never
#                              but no Observation
#   V2/t9 none                 refused, as t6           Never
set -u
here=$(dirname "$0")
fx=$here/fixtures/herd
fake="sh $fx/fake-tool.sh flushcheck"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() {
	echo "herd self-test: $1; output:"
	sed 's/^/  /' "$tmp/out" | head -n 40
	fail=$((fail + 1))
}
# run WANT_RC WHAT CMD...: runs CMD into $tmp/out, checks its exit status
run() {
	want=$1 what=$2
	shift 2
	"$@" > "$tmp/out" 2>&1
	rc=$?
	if [ "$rc" -eq "$want" ]; then ok; else bad "$what: exit $rc, want $want"; fi
}
# row NAME "COUNTS": the table row NAME must have exactly these counts
row() {
	got=$(awk -v n="$1" '$1 == n { $1 = ""; sub(/^ /, ""); print; exit }' "$tmp/out")
	if [ "$got" = "$2" ]; then ok; else bad "row $1: '$got', want '$2'"; fi
}
# has FIXED-STRING: the output must hold this line (or part of one)
has() {
	if grep -q -F -e "$1" "$tmp/out"; then ok; else bad "no '$1'"; fi
}
hasnt() {
	if grep -q -F -e "$1" "$tmp/out"; then bad "unexpected '$1'"; else ok; fi
}

# ---- herd-check --------------------------------------------------------
# columns: files accepted agree disagree no-verdict not-accepted timed-out failed
run 1 "herd-check on the fixture catalogue" \
	sh tools/herd-check.sh "$fake" "$fx/cat"
row V1 "4 3 1 1 1 0 1 0"
row V2 "5 2 1 0 1 2 0 1"
row total "9 5 2 1 2 2 1 1"
has "accepted 5 of 9 files (55.6%, at least 97% wanted); 1 disagree with kinds.txt"
has "  V1/t2.litmus  t2  kinds.txt Forbidden, flushcheck Sometimes"
has "  V2/t4.litmus  t4  flushcheck Never"
has "  V2/t6.litmus: t6.litmus:4:2: LDXR: outside the subset flushcheck reads"
hasnt "second line"
has "  V1/t5.litmus"
has "  V2/t7.litmus: exit 0: Test t7 Allowed"
has "time: "
has "herd-check: FAILED"

run 0 "herd-check, every accepted test agreeing" \
	env HERD_MIN_ACCEPT=50 sh tools/herd-check.sh "$fake" "$fx/pass"
row total "2 2 2 0 0 0 0 0"
has "accepted 2 of 2 files (100.0%, at least 50% wanted); 0 disagree"
has "herd-check: ok"

run 2 "herd-check on a missing directory" \
	sh tools/herd-check.sh "$fake" "$tmp/none"
has "no such directory"

# ---- herd-diff ---------------------------------------------------------
# columns: tests compared agree differ not-accepted timed-out failed herd7-failed
run 1 "herd-diff on the fixture catalogue" \
	sh tools/herd-diff.sh "$fake" "$fx/fake-herd7" "$fx/cat" ""
row catalogue "9 5 3 2 2 1 1 0"
has "2 tests differ from herd7"
has "not compared: the Witnesses counts"
has "  catalogue V2/t6.litmus: kinds.txt Required, herd7 Sometimes"
has "  catalogue V1/t5.litmus: flushcheck timeout"
has "  catalogue V2/t7.litmus: flushcheck failed: exit 0: Test t7 Allowed"
has "  2: LDXR: outside the subset flushcheck reads"
has "    catalogue V2/t6.litmus (t6.litmus:4:2)"
has "    catalogue V2/t9.litmus (t9.litmus:7:1)"
has "  catalogue V1/t2.litmus (t2)"
has "    herd7:      No Never"
has "    flushcheck: Ok Sometimes"
has "    both             0:X0=0; 1:X0=1;"
has "    flushcheck only  0:X0=1; 1:X0=1;"
has "  catalogue V1/t8.litmus (t8)"
has "    herd7 only       0:X0=2;"
hasnt "(t3)"
has "  catalogue: 9 tests: flushcheck "
has "herd-diff: FAILED"

run 0 "herd-diff, every compared test agreeing" \
	sh tools/herd-diff.sh "$fake" "$fx/fake-herd7" "$fx/pass" ""
row catalogue "2 2 2 0 0 0 0 0"
has " s (0.02 s), herd7 "
has "herd-diff: ok"

run 2 "herd-diff without herd7" \
	sh tools/herd-diff.sh "$fake" "" "$fx/pass" ""
has "build-herd7.sh"
run 2 "herd-diff without diy7" \
	env DIY7="$tmp/none" sh tools/herd-diff.sh "$fake" "$fx/fake-herd7" "" "$tmp/gen"
has "no diy7"

echo "herd self-test: $pass checks passed, $fail failed"
[ "$fail" -eq 0 ]
