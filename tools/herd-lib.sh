# SPDX-License-Identifier: MIT
# herd-lib.sh - what tools/herd-check.sh and tools/herd-diff.sh share:
# running one tool on one litmus file with a time limit, and reading
# herd7's output block (which flushcheck prints too) into one record.
# Sourced, not run.
#
# The output block, as herd7 prints it:
#   Test NAME Allowed|Required
#   States N
#   0:X0=1; 1:X2=0;          one line per final state (an outcome)
#   Ok|No
#   Witnesses
#   Positive: P Negative: N
#   Flag ...                 zero or more
#   Condition exists (...)
#   Observation NAME Sometimes|Never|Always P N
#   Time NAME SECONDS
#   Hash=...
# herd_parse reads the name, the outcomes (as a set), Ok/No, the
# Observation word and the Time.  The Witnesses counts are left out on
# purpose: herd7 counts candidate executions, flushcheck counts states.

# Seconds one run may take before timeout(1) stops it (exit 124).
HERD_TIMEOUT=${HERD_TIMEOUT:-60}

TAB=$(printf '\t')

# herd_now: wall-clock seconds, with nanoseconds (GNU date).
herd_now() {
	date +%s.%N
}

# herd_run OUT CMD ARGS...: runs CMD under the time limit, with its
# standard output in OUT.out and its standard error in OUT.err; sets rc
# (124 when the limit stopped it) and secs (wall-clock seconds, the
# process's start-up included: that is what a user waits for).
herd_run() {
	_out=$1
	shift
	_t0=$(herd_now)
	timeout "$HERD_TIMEOUT" "$@" > "$_out.out" 2> "$_out.err" < /dev/null
	rc=$?
	_t1=$(herd_now)
	secs=$(awk -v a="$_t0" -v b="$_t1" 'BEGIN { printf "%.3f", b - a }')
}

# herd_parse FILE: one line, NAME TAB WORD TAB OKNO TAB TIME TAB STATES,
# from the output block in FILE (TIME: the seconds of its Time line).  A
# field is "-" when FILE does not have it (WORD when there is no
# Observation line), so that none is empty: read with IFS a tab would
# run two tabs together.  STATES is the set of outcome lines, each with
# its assignments sorted and its blanks normalised, sorted and joined
# with " | ": two tools that print the same outcomes in another order
# give the same string.
herd_parse() {
	awk '
	function isort(a, n,    i, j, t) {
		for (i = 2; i <= n; i++) {
			t = a[i]
			for (j = i - 1; j >= 1 && a[j] > t; j--)
				a[j + 1] = a[j]
			a[j + 1] = t
		}
	}
	# "1:X3=0; 1:X9=1;" -> the same with its assignments sorted
	function norm(line,    parts, n, i, k, out) {
		n = split(line, parts, ";")
		k = 0
		for (i = 1; i <= n; i++) {
			gsub(/[ \t]+/, "", parts[i])
			if (parts[i] != "")
				keep[++k] = parts[i]
		}
		isort(keep, k)
		out = ""
		for (i = 1; i <= k; i++)
			out = out keep[i] "; "
		sub(/ $/, "", out)
		return out
	}
	$1 == "Test" && name == "" { name = $2 }
	$1 == "States" && NF == 2 { in_states = 1; next }
	in_states && ($1 == "Ok" || $1 == "No") && NF == 1 {
		okno = $1
		in_states = 0
		next
	}
	in_states { states[++ns] = norm($0); next }
	$1 == "Time" && NF == 3 && time == "" { time = $3 }
	$1 == "Observation" && word == "" {
		word = $3
		if (name == "")
			name = $2
	}
	END {
		isort(states, ns)
		s = ""
		for (i = 1; i <= ns; i++)
			s = s (i > 1 ? " | " : "") states[i]
		printf "%s\t%s\t%s\t%s\t%s\n", dash(name), dash(word), dash(okno),
			dash(time), dash(s)
	}
	function dash(x) { return x == "" ? "-" : x }' "$1"
}

# herd_first_line FILE...: the first non-blank line of the first file
# that has one (an error message: stderr first, then stdout).
herd_first_line() {
	for _f; do
		_l=$(awk 'NF { print; exit }' "$_f")
		if [ -n "$_l" ]; then
			printf '%s\n' "$_l"
			return
		fi
	done
	echo "(no message)"
}

# herd_test_name FILE: the test's name, from its first line
# ("AArch64 NAME"), or the file name without .litmus.
herd_test_name() {
	_n=$(awk 'NF { print $2; exit }' "$1")
	[ -n "$_n" ] || _n=$(basename "$1" .litmus)
	printf '%s\n' "$_n"
}

# herd_kind DIR FILE NAME: NAME's verdict (Allowed, Forbidden, Required)
# in the nearest kinds.txt: FILE's directory, then its parents up to DIR;
# empty if none says.
herd_kind() {
	_root=$1
	_d=$(dirname "$2")
	while :; do
		if [ -f "$_d/kinds.txt" ]; then
			awk -v n="$3" '$1 == n { print $2; exit }' "$_d/kinds.txt"
			return
		fi
		[ "$_d" = "$_root" ] && return
		case "$_d" in "$_root"/*) ;; *) return ;; esac
		_d=$(dirname "$_d")
	done
}

# herd_agrees KIND WORD: does an Observation word bear out a kinds.txt
# verdict?  As herd's own tools judge it (a test is Allowed when some
# execution satisfies its condition): Allowed is Sometimes or Always
# (herd7 says Always for an allowed test whose every execution satisfies
# it), Forbidden is Never, Required is Always.
herd_agrees() {
	case "$1:$2" in
	Allowed:Sometimes | Allowed:Always | Forbidden:Never | Required:Always)
		return 0 ;;
	esac
	return 1
}

# herd_variant DIR FILE: FILE's directory relative to DIR ("." at the top).
herd_variant() {
	_v=$(dirname "$2")
	_v=${_v#"$1"}
	_v=${_v#/}
	[ -n "$_v" ] || _v=.
	printf '%s\n' "$_v"
}

# herd_slowest RECORDS FIELD_SECS FIELD_NAME N: "NAME SECS" of the N
# slowest rows of a tab-separated file, slowest first, on one line.
herd_slowest() {
	sort -t "$TAB" -k "$2,$2" -g -r "$1" | head -n "$4" |
		awk -F '\t' -v s="$2" -v n="$3" '
		{ printf "%s%s %.2f s", (NR > 1 ? ", " : ""), $n, $s }
		END { if (NR == 0) printf "(none)"; printf "\n" }'
}

# herd_sum RECORDS FIELD: the sum of a column of seconds.
herd_sum() {
	awk -F '\t' -v f="$2" '{ t += $f } END { printf "%.2f", t }' "$1"
}
