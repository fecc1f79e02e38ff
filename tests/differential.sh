#!/bin/sh
# SPDX-License-Identifier: MIT
# differential.sh FLUSHCHECK "OPTIONS_A" "OPTIONS_B" FILE|DIR...
#
# Runs every scenario under both option strings and compares, per
# (scenario, policy): the verdict (the set of violated oracles), that each
# violated oracle has a counterexample in both runs, the set of final
# outcomes (JSON `outcomes`, as a set), and the observation (result word,
# positive and negative counts).  Search statistics (states, transitions,
# time) are not compared: a reduction exists to change them.  Runs that a
# limit stopped (`incomplete`) in either are skipped, counted and reported.
# On a side with reductions in force, every counterexample must also have
# been found again in the plain model (JSON "confirmed":"plain"), or that
# search stopped by a limit ("not confirmed": counted as skipped).
#
# Prints one summary line (and one for the confirmations), then the first
# differences in full; exits 0 when everything compared agrees, 1 on any
# difference, on a reduced counterexample that is "unsound" or was not
# checked, on a scenario that did not load or gave no result, or on a
# line of JSON that docs/flushcheck.schema.json refuses (json-valid.sh),
# 2 on a usage error.
#
# The option strings are split at blanks (no quoting inside them).  A DIR
# means every .flush file below it; file names must not contain blanks.
#
# Environment:
#   MAX_STATES  --max-states for every run (default 200000)
#   JOBS        flushcheck processes per side at once (default: CPUs)
#   SHOW        how many differences to print in full (default 5)
#   STATES=1    also compare state and transition counts (search orders
#               must agree on them; reductions must not)
#
# Where both sides say a counterexample is a shortest one of the plain
# model (JSON "shortest":true), their lengths must be equal.
#
# tests/README says how a new reduction is added to `make differential`.
set -u
if [ $# -lt 4 ]; then
	echo "usage: differential.sh FLUSHCHECK \"OPTIONS_A\" \"OPTIONS_B\" FILE|DIR..." >&2
	exit 2
fi
fc=$1
opt_a=$2
opt_b=$3
shift 3
max=${MAX_STATES:-200000}
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}
show=${SHOW:-5}
states=${STATES:-0}
tab=$(printf '\t')

if [ ! -x "$fc" ]; then
	echo "differential: $fc: not an executable" >&2
	exit 2
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

for p in "$@"; do
	if [ -d "$p" ]; then
		find "$p" -type f -name '*.flush'
	elif [ -f "$p" ]; then
		printf '%s\n' "$p"
	else
		echo "differential: $p: no such file or directory" >&2
		exit 2
	fi
done | sort -u > "$tmp/files"
if grep -q '[[:space:]]' "$tmp/files"; then
	echo "differential: file names with blanks are not supported:" >&2
	grep '[[:space:]]' "$tmp/files" | head -3 >&2
	exit 2
fi
nfiles=$(wc -l < "$tmp/files")
if [ "$nfiles" -eq 0 ]; then
	echo "differential: no .flush files in $*" >&2
	exit 2
fi

# Both sides at once, each split over $jobs processes (round robin, so
# that big and small scenarios spread evenly).
mkdir "$tmp/chunk" "$tmp/out"
split -n "r/$jobs" "$tmp/files" "$tmp/chunk/"
for side in a b; do
	if [ "$side" = a ]; then opts=$opt_a; else opts=$opt_b; fi
	for c in "$tmp"/chunk/*; do
		[ -s "$c" ] || continue
		o=$tmp/out/$side.$(basename "$c")
		# flushcheck takes at most 256 inputs (and drops the rest)
		# shellcheck disable=SC2086 # the options are split on purpose
		xargs -n 100 "$fc" --json --max-states "$max" $opts < "$c" \
			> "$o.json" 2> "$o.err" &
	done
done
wait
for side in a b; do
	cat "$tmp"/out/"$side".*.json > "$tmp/$side.json"
	cat "$tmp"/out/"$side".*.err > "$tmp/$side.err"
done

# One fact per line: FILE <tab> POLICY <tab> FACT, sorted.  A run agrees
# when its facts are the same on both sides.
facts() {
	awk -v states="$states" '
	function str(name,   re) {
		re = "\"" name "\":\"([^\"\\\\]|\\\\.)*\""
		if (!match(line, re))
			return ""
		return substr(line, RSTART + length(name) + 4,
			      RLENGTH - length(name) - 5)
	}
	function num(name) {
		if (!match(line, "\"" name "\":[0-9]+"))
			return ""
		return substr(line, RSTART + length(name) + 3,
			      RLENGTH - length(name) - 3)
	}
	function out(fact) {
		print key "\t" fact
	}
	{
		line = $0
		key = str("file") "\t" str("policy")
		out("run")
		# an input error (docs/json.md): the run or the file failed
		if (line ~ /^[{]"type":"error"/) {
			out("error " str("message"))
			next
		}
		if (line ~ /"complete":false/)
			out("incomplete")
		# violations: {"oracle":"NAME","steps":[ then ] (empty) or {
		split("", cex)
		rest = line
		while (match(rest, /\{"oracle":"[^"]*","steps":\[./)) {
			o = substr(rest, RSTART + 11)
			o = substr(o, 1, index(o, "\"") - 1)
			empty = substr(rest, RSTART + RLENGTH - 1, 1) == "]"
			cex[o] = 1
			out((empty ? "counterexample-empty " : "counterexample ") o)
			rest = substr(rest, RSTART + RLENGTH)
		}
		# "verdict":["stale-fetch","bad-outcome"]: the words
		v = ""
		if (match(line, /"verdict":\[[^]]*\]/)) {
			v = substr(line, RSTART + 11, RLENGTH - 12)
			gsub(/"/, "", v)
		}
		n = split(v, w, ",")
		for (k = 1; k <= n; k++) {
			if (w[k] == "incomplete")
				continue
			out("verdict " w[k])
			if (w[k] != "ok" && !(w[k] in cex))
				out("NO-COUNTEREXAMPLE " w[k])
		}
		if ((s = index(line, "\"observation\":{")) > 0) {
			obs = substr(line, s)
			if (match(obs, /"result":"[A-Za-z]*"/))
				out("observation " substr(obs, RSTART + 10, RLENGTH - 11))
			line = obs
			out("positive " num("positive"))
			out("negative " num("negative"))
			s = index(obs, "\"outcomes\":[")
			e = index(obs, "]},\"expects\":")
			if (s > 0 && e > s) {
				body = substr(obs, s + 12, e - s - 12)
				if (body != "") {
					body = substr(body, 2, length(body) - 2)
					n = split(body, oc, "},{")
					for (k = 1; k <= n; k++)
						out("outcome {" oc[k] "}")
				}
			}
			line = $0
		}
		if (states) {
			out("states " num("states"))
			out("transitions " num("transitions"))
		}
	}' "$1" | LC_ALL=C sort -u
}
facts "$tmp/a.json" > "$tmp/a.facts"
facts "$tmp/b.json" > "$tmp/b.facts"

# Scenarios with no result on a side did not load (or flushcheck died).
for side in a b; do
	cut -f1 "$tmp/$side.facts" | LC_ALL=C sort -u > "$tmp/$side.seen"
	LC_ALL=C sort "$tmp/files" | LC_ALL=C comm -23 - "$tmp/$side.seen" \
		> "$tmp/$side.missing"
done

# Per run: agree, differ, skipped (incomplete on a side), error.
awk -F "$tab" -v show="$show" -v opt_a="$opt_a" -v opt_b="$opt_b" \
    -v fc="$fc" -v max="$max" '
	FNR == 1 { side++ }
	{
		key = $1 "\t" $2
		if (!(key in seen)) {
			seen[key] = 1
			order[++nkeys] = key
		}
		f[side, key] = f[side, key] $3 "\n"
		if ($3 == "incomplete")
			skip[key] = 1
		if ($3 ~ /^error / || $3 ~ /^NO-COUNTEREXAMPLE /)
			bad[key] = 1
	}
	function detail(key, what,   a, b, na, nb, i, j, inb, ina) {
		split(key, kp, "\t")
		printf "%s %s policy=%s\n", what, kp[1], kp[2]
		na = split(f[1, key], a, "\n") - 1
		nb = split(f[2, key], b, "\n") - 1
		split("", ina)
		split("", inb)
		for (i = 1; i <= na; i++) ina[a[i]] = 1
		for (j = 1; j <= nb; j++) inb[b[j]] = 1
		if (na == 0) print "  (no result with A)"
		if (nb == 0) print "  (no result with B)"
		for (i = 1; i <= na; i++)
			if (a[i] != "run")
				printf "  %s %s\n", (a[i] in inb) ? "   " : "A: ", a[i]
		for (j = 1; j <= nb; j++)
			if (b[j] != "run" && !(b[j] in ina))
				printf "  B:  %s\n", b[j]
		# an error record of a file that did not load has no policy
		pol = kp[2] == "" ? "" : " --policy " kp[2]
		printf "  rerun: %s --json --max-states %s %s%s %s\n",
		       fc, max, opt_a, pol, kp[1]
		printf "  and:   %s --json --max-states %s %s%s %s\n",
		       fc, max, opt_b, pol, kp[1]
	}
	END {
		for (i = 1; i <= nkeys; i++) {
			key = order[i]
			if (skip[key]) {
				if (nskip++ < 3)
					skipped = skipped (nskip > 1 ? ", " : "") key
			} else if (bad[key] || f[1, key] != f[2, key]) {
				what = "DIFFERS"
				if (bad[key] && f[1, key] == f[2, key]) {
					nerr++
					what = "ERROR"
				} else {
					ndiff++
				}
				if (shown < show) {
					detail(key, what)
					shown++
				}
			} else {
				nagree++
			}
		}
		gsub("\t", " policy=", skipped)
		if (nskip)
			printf "skipped (a limit stopped a side): %s%s\n", skipped,
			       (nskip > 3 ? ", ..." : "")
		printf "%d %d %d %d %d\n", nkeys, nagree + 0, ndiff + 0,
		       nskip + 0, nerr + 0 > "/dev/stderr"
	}' "$tmp/a.facts" "$tmp/b.facts" > "$tmp/report" 2> "$tmp/counts"
read -r runs agree differ skipped errors < "$tmp/counts"
nmiss=$(cat "$tmp/a.missing" "$tmp/b.missing" | sort -u | wc -l)
errors=$((errors + nmiss))

# str(LINE, NAME): the string value of key NAME in a JSON line, for the
# awk programs below.
awk_str='
	function str(s, name,   re) {
		re = "\"" name "\":\"([^\"\\\\]|\\\\.)*\""
		if (!match(s, re))
			return ""
		return substr(s, RSTART + length(name) + 4,
			      RLENGTH - length(name) - 5)
	}
'

# Reduced counterexamples, searched for again in the plain model
# (src/check/confirm.h): each violation of a run with reductions in force
# must say "confirmed":"plain", or "not confirmed" when a limit stopped
# that search (counted as skipped).  "unsound" -- the plain search ended
# without such a path -- or no word at all fails the harness.
# One line per violation: SIDE <tab> FILE <tab> POLICY <tab> ORACLE <tab> WORD.
confirms() {
	awk -v side="$2" "$awk_str"'
	{
		if ($0 !~ /"reductions":\["/)
			next	# a plain run: nothing to confirm
		key = str($0, "file") "\t" str($0, "policy")
		n = split($0, v, "[{]\"oracle\":\"")
		for (k = 2; k <= n; k++) {
			o = substr(v[k], 1, index(v[k], "\"") - 1)
			w = str(v[k], "confirmed")
			print side "\t" key "\t" o "\t" (w == "" ? "none" : w)
		}
	}' "$1"
}
confirms "$tmp/a.json" A > "$tmp/confirms"
confirms "$tmp/b.json" B >> "$tmp/confirms"
awk -F "$tab" -v show="$show" -v opt_a="$opt_a" -v opt_b="$opt_b" \
    -v fc="$fc" -v max="$max" '
	{
		n++
		if ($5 == "plain") { ok++; next }
		if ($5 == "not confirmed") {
			if (capped++ < 3)
				names = names (capped > 1 ? ", " : "") $2 " policy=" $3 " " $4
			next
		}
		bad++
		if (shown++ < show)
			printf "%s %s policy=%s: %s\n  rerun: %s --json --max-states %s %s --policy %s %s\n",
			       ($5 == "unsound" ? "UNSOUND REDUCTION" : "NOT CHECKED"),
			       $2, $3, $4, fc, max, ($1 == "A" ? opt_a : opt_b), $3, $2
	}
	END {
		if (n || (opt_a " " opt_b) ~ /--reduce +[a-mo-z]/)
			printf "confirmed in the plain model: %d of %d reduced counterexamples, %d skipped (a limit stopped that search), %d unsound or unchecked\n",
			       ok, n, capped, bad
		if (capped)
			printf "not confirmed (a limit stopped the plain-model search): %s%s\n",
			       names, (capped > 3 ? ", ..." : "")
		exit bad > 0
	}' "$tmp/confirms" > "$tmp/confirm.report"
confirm_rc=$?

# Shortest counterexamples: where both sides say a trace is a shortest
# one of the plain model (JSON "shortest":true: a plain breadth-first
# run, or --shortest), the two must have the same number of steps.
# One line per such trace: FILE <tab> POLICY <tab> ORACLE <tab> STEPS.
shortest() {
	awk "$awk_str"'
	{
		key = str($0, "file") "\t" str($0, "policy")
		n = split($0, v, "[{]\"oracle\":\"")
		for (k = 2; k <= n; k++) {
			if (v[k] !~ /"shortest":true/)
				continue
			o = substr(v[k], 1, index(v[k], "\"") - 1)
			print key "\t" o "\t" gsub(/[{]"step":/, "", v[k])
		}
	}' "$1" | LC_ALL=C sort
}
shortest "$tmp/a.json" > "$tmp/a.short"
shortest "$tmp/b.json" > "$tmp/b.short"
# join on FILE POLICY ORACLE (one field, tabs kept as the key)
sed 's/\t\([0-9]*\)$/ \1/' "$tmp/a.short" | LC_ALL=C sort > "$tmp/a.sk"
sed 's/\t\([0-9]*\)$/ \1/' "$tmp/b.short" | LC_ALL=C sort > "$tmp/b.sk"
LC_ALL=C join -t ' ' "$tmp/a.sk" "$tmp/b.sk" > "$tmp/short.both"
nshort=$(wc -l < "$tmp/short.both")
short_bad=$(awk -F '[ ]' '$2 != $3' "$tmp/short.both" | wc -l)

label_a=${opt_a:-(no options)}
label_b=${opt_b:-(no options)}
line="differential $label_a vs $label_b: $nfiles scenarios ($runs runs):"
line="$line $agree agree, $differ differ, $skipped skipped (incomplete)"
[ "$errors" -gt 0 ] && line="$line, $errors errors"
echo "$line"
cat "$tmp/report"
for side in a b; do
	if [ -s "$tmp/$side.missing" ]; then
		if [ "$side" = a ]; then o=$opt_a; else o=$opt_b; fi
		echo "no result with '$o' for $(wc -l < "$tmp/$side.missing") scenarios, e.g. $(head -n 1 "$tmp/$side.missing"):"
		head -n 5 "$tmp/$side.err" | sed 's/^/  /'
	fi
done
cat "$tmp/confirm.report"
if [ "$nshort" -gt 0 ]; then
	echo "shortest counterexamples: $nshort on both sides, $short_bad of another length"
	awk -F '[ ]' '$2 != $3 { split($1, k, "\t");
		printf "SHORTEST DIFFERS %s policy=%s %s: %s steps with A, %s with B\n",
		       k[1], k[2], k[3], $2, $3 }' "$tmp/short.both" | head -n "$show"
fi
# every line of both sides is a record of docs/json.md
sh "$(dirname "$0")/json-valid.sh" differential "$tmp/a.json" "$tmp/b.json"
json_rc=$?
[ "$differ" -eq 0 ] && [ "$errors" -eq 0 ] && [ "$confirm_rc" -eq 0 ] &&
	[ "$short_bad" -eq 0 ] && [ "$json_rc" -eq 0 ]
