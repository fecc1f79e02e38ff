#!/bin/sh
# SPDX-License-Identifier: MIT
# herd-diff.sh FLUSHCHECK HERD7 CATALOGUE GENDIR - `make herd-diff`:
# flushcheck and herd7 side by side on the same litmus tests.
#
# FLUSHCHECK is a command prefix (split at blanks); HERD7 the herd7
# binary, run as `HERD7 -set-libdir LIBDIR -variant ifetch TEST` (herd7
# reads a test's `CacheType=` header itself: it turns on its DIC and IDC
# variants).  The sets: CATALOGUE, every .litmus below it (skipped if
# the argument is empty or the directory missing), and the tests
# tools/herd-gen.sh generates with diy7 into GENDIR (skipped if GENDIR is
# empty), one set a subdirectory.
#
# For each test it compares the set of outcome lines (herd's States),
# Ok/No and the Observation word.  The Witnesses counts are not compared:
# herd7 counts candidate executions, flushcheck counts states.  It prints
# a table per set, then every test where the two differ with both sides'
# states and observations, then the tests flushcheck does not accept
# (exit 2) grouped by message, and the time each tool took per set
# (total, slowest).  Where a catalogue file's kinds.txt has a verdict,
# herd7 must bear it out; a warning says when it does not.
#
# Exit 0 when no test differs and flushcheck answered or refused every
# test in time; 1 otherwise; 2 when herd7 (or diy7, for GENDIR) is not
# there, with how to build it.
#
# Environment:
#   HERD7_LIBDIR  herd7's libdir (default: HERD7's directory's libdir, if
#                 there; else herd7's own default)
#   DIY7          diy7 (default: beside HERD7, else on PATH)
#   HERD_TIMEOUT  seconds per run of either tool (default 60)
#   HERD_SLOWEST  how many of the slowest tests to name (default 5)
#   HERD_SHOW     how many files to name per refusal message (default 5)
#   HERD7_BUILD   the script that builds herd7, named when herd7 is missing
set -u
here=$(dirname "$0")
. "$here/herd-lib.sh"

if [ $# -ne 4 ]; then
	echo "usage: herd-diff.sh FLUSHCHECK HERD7 CATALOGUE GENDIR" >&2
	exit 2
fi
fc=$1
herd=$2
cat_dir=${3%/}
gen_dir=${4%/}
nslow=${HERD_SLOWEST:-5}
nshow=${HERD_SHOW:-5}

howto="build herd7, diy7 and diyone7 7.58 with: sh ${HERD7_BUILD:-build-herd7.sh} OUT (the script beside the herdtools7 tarball; about 8 minutes), then: make herd-diff HERD7=OUT/herd7"
if [ -z "$herd" ] || [ ! -x "$herd" ]; then
	echo "herd-diff: no herd7 (HERD7=${herd:-<empty>}, and none on PATH): $howto" >&2
	exit 2
fi
libdir=${HERD7_LIBDIR:-}
[ -z "$libdir" ] && [ -d "$(dirname "$herd")/libdir" ] && libdir=$(dirname "$herd")/libdir
herd_cmd="$herd${libdir:+ -set-libdir $libdir} -variant ifetch"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# The sets: NAME TAB DIR, one a line.
: > "$tmp/sets"
if [ -n "$cat_dir" ]; then
	if [ -d "$cat_dir" ]; then
		printf 'catalogue\t%s\n' "$cat_dir" >> "$tmp/sets"
	else
		echo "herd-diff: $cat_dir: no such directory; the catalogue is skipped"
	fi
fi
if [ -n "$gen_dir" ]; then
	diy=${DIY7:-}
	[ -z "$diy" ] && [ -x "$(dirname "$herd")/diy7" ] && diy=$(dirname "$herd")/diy7
	[ -z "$diy" ] && diy=$(command -v diy7 2>/dev/null)
	if [ -z "$diy" ] || [ ! -x "$diy" ]; then
		echo "herd-diff: no diy7 (DIY7=${diy:-<empty>}): $howto" >&2
		exit 2
	fi
	echo "herd-diff: generating into $gen_dir with $diy"
	sh "$here/herd-gen.sh" "$diy" "$gen_dir" | sed 's/^/  /'
	[ "$?" -eq 0 ] || exit 1
	for d in "$gen_dir"/*/; do
		[ -d "$d" ] && printf '%s\t%s\n' "$(basename "$d")" "${d%/}" >> "$tmp/sets"
	done
fi
if [ ! -s "$tmp/sets" ]; then
	echo "herd-diff: no tests to run" >&2
	exit 2
fi

echo "herd-diff: $fc against $herd_cmd"
echo "compared: the outcomes (States, as a set), Ok/No, the Observation word;"
echo "not compared: the Witnesses counts (herd7 counts candidate executions, flushcheck counts states)"

# One record per test, tab-separated:
#  1 set  2 file  3 name  4 kind
#  5 herd status (ok, timeout, failed)  6 word  7 Ok/No  8 states  9 secs
# 10 flushcheck status (ok, rejected, timeout, failed)  11 word  12 Ok/No
# 13 states  14 secs  15 message (of a refusal or failure)
# 16 does herd7 bear out kinds.txt (yes, no, - when it has no verdict)
# 17, 18 the seconds of herd7's and flushcheck's own Time lines ("-": none)
: > "$tmp/records"
while IFS="$TAB" read -r set dir; do
	find "$dir" -type f -name '*.litmus' | LC_ALL=C sort > "$tmp/files"
	echo "running $set: $(wc -l < "$tmp/files") tests of $dir"
	while IFS= read -r f; do
		name=$(herd_test_name "$f")
		kind=$(herd_kind "$dir" "$f" "$name")
		# shellcheck disable=SC2086 # command prefixes
		herd_run "$tmp/h" $herd_cmd "$f"
		hsecs=$secs
		herd_parse "$tmp/h.out" > "$tmp/h.rec"
		IFS="$TAB" read -r _ hword hok htime hstates < "$tmp/h.rec"
		if [ "$rc" -eq 124 ]; then hst=timeout
		elif [ "$rc" -ne 0 ] || [ "$hword" = - ]; then hst=failed
		else hst=ok
		fi
		hmsg=$(herd_first_line "$tmp/h.err" "$tmp/h.out")
		# shellcheck disable=SC2086
		herd_run "$tmp/f" $fc "$f"
		herd_parse "$tmp/f.out" > "$tmp/f.rec"
		IFS="$TAB" read -r _ fword fok ftime fstates < "$tmp/f.rec"
		msg=""
		if [ "$rc" -eq 124 ]; then fst=timeout
		elif [ "$rc" -eq 2 ]; then
			fst=rejected
			msg=$(herd_first_line "$tmp/f.err" "$tmp/f.out")
		elif [ "$rc" -ne 0 ] || [ "$fword" = - ]; then
			fst=failed
			msg="exit $rc: $(herd_first_line "$tmp/f.err" "$tmp/f.out")"
		else fst=ok
		fi
		[ "$hst" = failed ] && msg="herd7: $hmsg"
		kcheck=-
		if [ -n "$kind" ] && [ "$hst" = ok ]; then
			if herd_agrees "$kind" "$hword"; then kcheck=yes; else kcheck=no; fi
		fi
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
			"$set" "${f#"$dir"/}" "$name" "$kind" "$hst" "$hword" "$hok" \
			"$hstates" "$hsecs" "$fst" "$fword" "$fok" "$fstates" "$secs" \
			"$msg" "$kcheck" "$htime" "$ftime" >> "$tmp/records"
	done < "$tmp/files"
done < "$tmp/sets"

awk -F '\t' -v nshow="$nshow" '
function row(s) {
	printf "%-14s %6d %8d %6d %6d %12d %9d %7d %12d\n", s, n[s], c[s, "compared"],
		c[s, "agree"], c[s, "differ"], c[s, "rejected"], c[s, "timeout"],
		c[s, "failed"], c[s, "herdfail"]
}
function count(s, what) { c[s, what]++; c["total", what]++ }
{
	s = $1
	if (!(s in n))
		order[++ns] = s
	n[s]++
	n["total"]++
	if ($5 != "ok") {
		count(s, "herdfail")
		hf[++nhf] = sprintf("  %s %s: herd7 %s: %s", s, $2, $5, $15)
	}
	if ($16 == "no")
		warn[++nw] = sprintf("  %s %s: kinds.txt %s, herd7 %s", s, $2, $4, $6)
	if ($10 == "rejected") {
		count(s, "rejected")
		# grouped by the message without its file:line:col
		m = $15
		pos = ""
		if (match(m, /^[^ ]*:[0-9]+:[0-9]+: */)) {
			pos = substr(m, 1, RLENGTH)
			sub(/: *$/, "", pos)
			m = substr(m, RLENGTH + 1)
		}
		if (!(m in nmsg))
			msgs[++nm] = m
		nmsg[m]++
		if (nmsg[m] <= nshow)
			mfiles[m] = mfiles[m] sprintf("    %s %s%s\n", s, $2,
				pos == "" ? "" : " (" pos ")")
	} else if ($10 == "timeout" || $10 == "failed") {
		count(s, $10)
		bad[++nb] = sprintf("  %s %s: flushcheck %s%s", s, $2, $10,
			$15 == "" ? "" : ": " $15)
	}
	if ($5 != "ok" || $10 != "ok")
		next
	count(s, "compared")
	if ($6 == $11 && $7 == $12 && $8 == $13) {
		count(s, "agree")
		next
	}
	count(s, "differ")
}
END {
	printf "%-14s %6s %8s %6s %6s %12s %9s %7s %12s\n", "set", "tests",
		"compared", "agree", "differ", "not-accepted", "timed-out",
		"failed", "herd7-failed"
	for (i = 1; i <= ns; i++)
		row(order[i])
	row("total")
	printf "%d tests differ from herd7\n", c["total", "differ"]
	if (nw) {
		print "WARNING: herd7 does not bear out kinds.txt on these:"
		for (i = 1; i <= nw; i++) print warn[i]
	}
	if (nhf) {
		print "herd7 gave no result (not compared):"
		for (i = 1; i <= nhf; i++) print hf[i]
	}
	if (nb) {
		print "flushcheck timed out or failed:"
		for (i = 1; i <= nb; i++) print bad[i]
	}
	if (nm) {
		print "not accepted by flushcheck (exit 2), by message (file:line:col left out):"
		for (i = 1; i <= nm; i++) {
			printf "  %d: %s\n", nmsg[msgs[i]], msgs[i]
			printf "%s", mfiles[msgs[i]]
			if (nmsg[msgs[i]] > nshow)
				printf "    ... and %d more\n", nmsg[msgs[i]] - nshow
		}
	}
	exit (c["total", "differ"] + c["total", "timeout"] + c["total", "failed"]) > 0
}' "$tmp/records"
status=$?

# Every difference in full: both sides' observations, and the outcomes
# marked by the side they are on.
awk -F '\t' '
	function show(h, f,    hs, fs, nh, nf, i, inh, inf) {
		nh = h == "-" ? 0 : split(h, hs, / \| /)
		nf = f == "-" ? 0 : split(f, fs, / \| /)
		for (i = 1; i <= nh; i++) inh[hs[i]] = 1
		for (i = 1; i <= nf; i++) inf[fs[i]] = 1
		for (i = 1; i <= nh; i++)
			printf "    %-16s %s\n", (hs[i] in inf) ? "both" : "herd7 only", hs[i]
		for (i = 1; i <= nf; i++)
			if (!(fs[i] in inh))
				printf "    %-16s %s\n", "flushcheck only", fs[i]
	}
	$5 == "ok" && $10 == "ok" && !($6 == $11 && $7 == $12 && $8 == $13) {
		if (!nd++)
			print "differences:"
		printf "  %s %s (%s)\n", $1, $2, $3
		printf "    herd7:      %s %s\n", $7, $6
		printf "    flushcheck: %s %s\n", $12, $11
		show($8, $13)
	}' "$tmp/records"

# Time, per set and tool: wall clock, which is what a user waits for,
# and the sum of the tools' own Time lines, which leaves out herd7's
# start-up (it reads its .cat files each time: about 0.1 s a run).
echo "time (wall clock, each process's start-up included; in brackets the sum of the tools' own Time lines):"
cut -f 1 "$tmp/records" | uniq | while IFS= read -r set; do
	awk -F '\t' -v s="$set" '$1 == s' "$tmp/records" > "$tmp/set"
	printf '  %s: %d tests: flushcheck %s s (%s s), herd7 %s s (%s s)\n' "$set" \
		"$(wc -l < "$tmp/set")" "$(herd_sum "$tmp/set" 14)" "$(herd_sum "$tmp/set" 18)" \
		"$(herd_sum "$tmp/set" 9)" "$(herd_sum "$tmp/set" 17)"
	echo "    slowest flushcheck: $(herd_slowest "$tmp/set" 14 3 "$nslow")"
	echo "    slowest herd7:      $(herd_slowest "$tmp/set" 9 3 "$nslow")"
done
if [ "$status" -ne 0 ]; then
	echo "herd-diff: FAILED"
	exit 1
fi
echo "herd-diff: ok"
