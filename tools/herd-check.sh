#!/bin/sh
# SPDX-License-Identifier: MIT
# herd-check.sh FLUSHCHECK DIR - `make herd-check`: flushcheck against the
# verdicts of a herd litmus catalogue.
#
# Runs FLUSHCHECK (a command prefix, split at blanks: a binary and its
# options) on every *.litmus file below DIR.  A file's directory below
# DIR is its "variant" (DIC0-IDC0, ...).  Its verdict is the line with
# its test name in the nearest kinds.txt (its directory, then the parents
# up to DIR): Allowed means flushcheck must print Observation ...
# Sometimes (or Always: the condition holds in every execution, which
# herd's own tools count as allowed), Forbidden Never, Required Always.  Prints, per variant and in
# total: files, accepted (an Observation line), agreeing, disagreeing,
# without a verdict in kinds.txt, not accepted (exit 2), timed out and
# failed (any other exit, or exit 0 without an Observation); then every
# disagreement, file not accepted (with the first line of its message),
# time-out and failure; then the total time and the slowest tests.
#
# Exit 0 when every accepted test agrees, none timed out or failed, and
# at least HERD_MIN_ACCEPT percent of the files were accepted; 1
# otherwise; 2 when DIR is missing or holds no litmus file (the
# catalogue is optional data: `make test` never needs it).
#
# Environment:
#   HERD_MIN_ACCEPT  percentage of files that must be accepted (default 97)
#   HERD_TIMEOUT     seconds per test before it counts as timed out
#                    (default 60)
#   HERD_SLOWEST     how many of the slowest tests to name (default 5)
#
# No test is known by name here: every file is run and judged alike.
set -u
here=$(dirname "$0")
. "$here/herd-lib.sh"

if [ $# -ne 2 ]; then
	echo "usage: herd-check.sh FLUSHCHECK DIR" >&2
	exit 2
fi
fc=$1
dir=${2%/}
min=${HERD_MIN_ACCEPT:-97}
nslow=${HERD_SLOWEST:-5}

if [ ! -d "$dir" ]; then
	echo "herd-check: $dir: no such directory; it should hold herd .litmus tests and their kinds.txt (make herd-check HERD_TESTS=DIR)" >&2
	exit 2
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
find "$dir" -type f -name '*.litmus' | LC_ALL=C sort > "$tmp/files"
nfiles=$(wc -l < "$tmp/files")
if [ "$nfiles" -eq 0 ]; then
	echo "herd-check: $dir: no .litmus file below it" >&2
	exit 2
fi

echo "herd-check: $fc on $nfiles files of $dir (kinds.txt: Allowed = Sometimes or Always, Forbidden = Never, Required = Always; limit $HERD_TIMEOUT s a test)"

# One record per file, tab-separated:
#   variant file name kind status word secs message
# status: agree, disagree, noverdict, rejected, timeout, failed.
: > "$tmp/records"
while IFS= read -r f; do
	variant=$(herd_variant "$dir" "$f")
	name=$(herd_test_name "$f")
	kind=$(herd_kind "$dir" "$f" "$name")
	# shellcheck disable=SC2086 # FLUSHCHECK is a command prefix
	herd_run "$tmp/run" $fc "$f"
	word=$(herd_parse "$tmp/run.out" | cut -f 2)
	msg=""
	if [ "$rc" -eq 124 ]; then
		status=timeout
	elif [ "$rc" -eq 2 ]; then
		status=rejected
		msg=$(herd_first_line "$tmp/run.err" "$tmp/run.out")
	elif [ "$rc" -ne 0 ] || [ "$word" = - ]; then
		status=failed
		msg="exit $rc: $(herd_first_line "$tmp/run.err" "$tmp/run.out")"
	elif [ -z "$kind" ]; then
		status=noverdict
	elif herd_agrees "$kind" "$word"; then
		status=agree
	else
		status=disagree
	fi
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$variant" "${f#"$dir"/}" "$name" \
		"$kind" "$status" "$word" "$secs" "$msg" >> "$tmp/records"
done < "$tmp/files"

# The table: one row per variant, then the total; then the lists.
awk -F '\t' -v min="$min" '
function row(v) {
	acc = n[v, "agree"] + n[v, "disagree"] + n[v, "noverdict"]
	printf "%-14s %6d %9d %6d %9d %10d %12d %9d %7d\n", v, files[v], acc,
		n[v, "agree"], n[v, "disagree"], n[v, "noverdict"],
		n[v, "rejected"], n[v, "timeout"], n[v, "failed"]
}
{
	if (!($1 in files))
		order[++nv] = $1
	files[$1]++
	files["total"]++
	n[$1, $5]++
	n["total", $5]++
	if ($5 == "disagree")
		dis[++nd] = sprintf("  %s  %s  kinds.txt %s, flushcheck %s", $2, $3, $4, $6)
	else if ($5 == "noverdict")
		nov[++nn] = sprintf("  %s  %s  flushcheck %s", $2, $3, $6)
	else if ($5 == "rejected")
		rej[++nr] = sprintf("  %s: %s", $2, $8)
	else if ($5 == "timeout")
		tmo[++nt] = sprintf("  %s", $2)
	else if ($5 == "failed")
		fai[++nf] = sprintf("  %s: %s", $2, $8)
}
END {
	printf "%-14s %6s %9s %6s %9s %10s %12s %9s %7s\n", "variant", "files",
		"accepted", "agree", "disagree", "no-verdict", "not-accepted",
		"timed-out", "failed"
	for (i = 1; i <= nv; i++)
		row(order[i])
	row("total")
	acc = n["total", "agree"] + n["total", "disagree"] + n["total", "noverdict"]
	pct = 100 * acc / files["total"]
	printf "accepted %d of %d files (%.1f%%, at least %s%% wanted); %d disagree with kinds.txt\n",
		acc, files["total"], pct, min, n["total", "disagree"]
	if (nd) { print "disagreements (file below DIR, test, kinds.txt, flushcheck):"; for (i = 1; i <= nd; i++) print dis[i] }
	if (nn) { print "accepted, but no verdict in kinds.txt:"; for (i = 1; i <= nn; i++) print nov[i] }
	if (nr) { print "not accepted (exit 2):"; for (i = 1; i <= nr; i++) print rej[i] }
	if (nt) { print "timed out:"; for (i = 1; i <= nt; i++) print tmo[i] }
	if (nf) { print "failed (no result):"; for (i = 1; i <= nf; i++) print fai[i] }
	bad = n["total", "disagree"] + n["total", "timeout"] + n["total", "failed"]
	exit (bad > 0 || pct < min) ? 1 : 0
}' "$tmp/records"
status=$?

echo "time: $(herd_sum "$tmp/records" 7) s for $nfiles files; slowest: $(herd_slowest "$tmp/records" 7 3 "$nslow")"
if [ "$status" -ne 0 ]; then
	echo "herd-check: FAILED"
	exit 1
fi
echo "herd-check: ok"
