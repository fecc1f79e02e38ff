#!/bin/sh
# SPDX-License-Identifier: MIT
# hostile.sh FLUSHCHECK - the command line against hostile inputs that
# only a file system can make (tests/fuzz/README): FIFOs, devices and
# directories where a file is wanted, files too large, link loops and
# trees too deep, and the positions and encodings of what it reports.
# Every input is generated here.  Each check guards the command with
# `timeout` where one is installed, so that a regression (a FIFO read
# blocking again) fails the test instead of hanging it.
set -u
fc=$1
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
pass=0 fail=0
to=""
command -v timeout >/dev/null 2>&1 && to="timeout 120"

# check NAME WANT_EXIT WANT_STDERR_SUBSTRING -- COMMAND...
check() {
	name=$1 want=$2 msg=$3
	shift 4
	$to "$@" >"$d/out" 2>"$d/err" </dev/null
	rc=$?
	if [ "$rc" = "$want" ] && { [ -z "$msg" ] || grep -qF -- "$msg" "$d/err"; }; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "hostile: $name: exit $rc (want $want), stderr:"
		sed 's/^/  /' "$d/err" | head -n 5
		echo "  (want it to hold: $msg)"
	fi
}

# a small scenario that passes under generic: two runs' worth of text
ok_scenario() {
	printf '%s\n' "FLUSH $1" '{' '  page P = old;' '  kernel K = P;' '}' \
		' P0 ;' ' st K = new ;' 'exists ([P] = new)' \
		'expect generic: ok Sometimes'
}

# FIFOs as scenario, policy and machine: refused at once, not read
mkfifo "$d/fifo.flush" "$d/fifo.pol" "$d/fifo.machine"
ok_scenario s > "$d/s.flush"
check "FIFO scenario" 2 "fifo.flush:1:1: cannot read: a FIFO: only regular files are read" \
	-- "$fc" "$d/fifo.flush"
check "FIFO policy" 2 "fifo.pol:1:1: cannot read: a FIFO" \
	-- "$fc" --policy "$d/fifo.pol" "$d/s.flush"
check "FIFO machine" 2 "fifo.machine:1:1: cannot read: a FIFO" \
	-- "$fc" --machine "$d/fifo.machine" "$d/s.flush"
check "device scenario" 2 "a character device: only regular files are read" \
	-- "$fc" /dev/null
mkdir "$d/dir.pol"
check "directory policy" 2 "a directory: only regular files are read" \
	-- "$fc" --policy "$d/dir.pol" "$d/s.flush"

# a FIFO inside a directory walk is refused like any other
mkdir "$d/withfifo"
ok_scenario w > "$d/withfifo/a.flush"
mkfifo "$d/withfifo/b.flush"
check "FIFO in a directory" 2 "b.flush:1:1: cannot read: a FIFO" \
	-- "$fc" -q "$d/withfifo"
grep -q "1 runs: 1 passed" "$d/out" || {
	fail=$((fail + 1)); echo "hostile: FIFO in a directory: a.flush not run"; }

# one byte over the size limit (4 MB, limits.h): refused before reading
ok_scenario big > "$d/big.flush"
truncate -s $((4 * 1024 * 1024 + 1)) "$d/big.flush"
check "file too large" 2 "big.flush:1:1: cannot read: file larger than 4194304 bytes" \
	-- "$fc" "$d/big.flush"

# links back to an ancestor: each directory is walked once.  Ten links
# to the top at each level made the walk 10^32 directories long.
mkdir -p "$d/loop/a"
ok_scenario loop > "$d/loop/a/s.flush"
for k in 0 1 2 3 4 5 6 7 8 9; do
	ln -s .. "$d/loop/a/up$k"
	ln -s ../a "$d/loop/a/self$k"
done
ln -s a "$d/loop/b"
check "link loop" 0 "" -- "$fc" -q "$d/loop"
grep -q "^Summary: 1 runs: 1 passed" "$d/out" || {
	fail=$((fail + 1)); echo "hostile: link loop: want 1 run, got:"; cat "$d/out"; }

# a tree deeper than FC_MAX_DIR_DEPTH (32) below the command line's
deep=$d/deep
for k in $(seq 1 33); do deep=$deep/d; done
mkdir -p "$deep"
ok_scenario deep > "$deep/s.flush"
check "tree too deep" 2 "cannot read directory: more than 32 levels" \
	-- "$fc" -q "$d/deep"

# an unknown policy named by an expect line or `policy =`: at its name
{ ok_scenario u | sed 's/^expect generic:/expect   nosuch:/'; } > "$d/u.flush"
check "unknown policy in expect" 2 "u.flush:9:10: unknown policy 'nosuch'" \
	-- "$fc" -q "$d/u.flush"
{ echo 'FLUSH v'; echo 'policy = other'; ok_scenario v | sed 1d; } > "$d/v.flush"
check "unknown policy setting" 2 "v.flush:2:10: unknown policy 'other'" \
	-- "$fc" -q "$d/v.flush"

# --json is valid UTF-8 whatever bytes a name holds
{ printf 'FLUSH bad\377\300\257name\342\202\254\n'; ok_scenario j | sed 1d; } > "$d/j.flush"
"$fc" --json "$d/j.flush" > "$d/json" 2>"$d/err"
if iconv -f UTF-8 -t UTF-8 "$d/json" >/dev/null 2>&1 &&
   sh "$(dirname "$0")/json-valid.sh" hostile "$d/json" &&
   grep -q '"test":"bad\\ufffd\\ufffd\\ufffdname€"' "$d/json"; then
	pass=$((pass + 1))
else
	fail=$((fail + 1)); echo "hostile: --json: not valid UTF-8 or not replaced:"
	head -c 300 "$d/json"; echo
fi

# 126 stores to one line: an error at the 126th, not at 1:1
{ printf '%s\n' 'FLUSH w' '{' '  page P = old;' '  kernel K = P;' '}' ' P0 ;'
  for k in $(seq 1 126); do echo ' st K = new ;'; done; } > "$d/w.flush"
check "writes to one line" 2 "w.flush:132:2: more than 125 writes to one line" \
	-- "$fc" -q "$d/w.flush"

# a NUL byte, after CR-only lines: its position counts CRs as line ends
printf 'FLUSH n\r{\r  page P;\r  x\000y\r' > "$d/n.flush"
check "NUL after CR lines" 2 "n.flush:4:4: NUL byte in a text file" \
	-- "$fc" -q "$d/n.flush"

# herd's .litmus files go through the same reader checks: a FIFO is not
# read, and comments nested past FC_MAX_NEST are an error at a position
mkfifo "$d/fifo.litmus"
check "FIFO litmus" 2 "fifo.litmus:1:1: cannot read: a FIFO" -- "$fc" "$d/fifo.litmus"
{ printf 'AArch64 c\n'; for k in $(seq 1 200); do printf '(*'; done; echo; } > "$d/c.litmus"
check "litmus comments too deep" 2 "c.litmus:2:257: comments nested too deeply" \
	-- "$fc" -q "$d/c.litmus"

echo "hostile: $pass passed, $fail failed"
[ "$fail" = 0 ]
