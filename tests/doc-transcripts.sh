#!/bin/sh
# SPDX-License-Identifier: MIT
#
# doc-transcripts.sh FLUSHCHECK [DOC.md...] - the command transcripts of
# the documentation must be what the tool prints today.
#
# A transcript is a fenced block whose first line starts with "$ ".  Each
# "$ COMMAND" line is run with sh in a scratch directory, stderr merged
# into stdout, and the lines after it, up to the next "$ " line, are its
# expected output.  `[...]` on a line of its own stands for any number of
# lines (the docs elide what a section is not about).
#
# The scratch directory holds build/flushcheck (the binary under test),
# the repository's scenarios/, bench/, machines/, policies/ and kernel/,
# and the files the doc shows: a fenced block whose first line is
# `FLUSH NAME` is written as NAME.flush, and a block that a command names
# under another name, or that the prose only describes ("move pte.set U
# after ic.inv.all"), is given in an HTML comment, which a rendered page
# does not show:
#
#   <!-- file intro-fixed.flush
#   FLUSH intro-fixed
#   ...
#   -->
#
# Only what must vary from run to run is normalised, on both sides: the
# value of `Time` and the numbers of the `Memory` line (and JSON's time,
# peak_memory and bytes_per_state, the same figures), and blanks at the end
# of a line (editors strip them).  The exit status of a command is not
# compared; the docs say it in prose.
#
# Default docs: README.md and docs/*.md.  Exit 1 when a transcript
# differs, naming the doc, the line and the command, with a diff.
set -u
fc=$(realpath "$1")
shift
root=$(pwd)
[ $# -eq 0 ] && set -- README.md docs/*.md
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# normalise: the run-dependent figures, trailing blanks
norm() {
	sed -e 's/[[:space:]]*$//' \
	    -e 's/^\(States .* Time \)[0-9.e+-]*/\1T/' \
	    -e 's/^Memory [0-9.]*[KMG]* peak, [0-9.]* bytes\/state/Memory M peak, B bytes\/state/' \
	    -e 's/"time":[0-9.e+-]*/"time":T/' \
	    -e 's/"peak_memory":[0-9]*/"peak_memory":M/' \
	    -e 's/"bytes_per_state":[0-9.]*/"bytes_per_state":B/'
}

# match EXPECTED ACTUAL: does every line agree, `[...]` standing for any
# run of lines?  (Dynamic programming over the two line lists.)
match() {
	awk 'NR == FNR { e[++ne] = $0; next } { a[++na] = $0 }
	END {
		m[ne + 1, na + 1] = 1
		for (j = na; j >= 1; j--) m[ne + 1, j] = 0
		for (i = ne; i >= 1; i--) {
			for (j = na + 1; j >= 1; j--) {
				if (e[i] == "[...]")
					m[i, j] = m[i + 1, j] || (j <= na && m[i, j + 1])
				else
					m[i, j] = j <= na && e[i] == a[j] && m[i + 1, j + 1]
			}
		}
		exit m[1, 1] ? 0 : 1
	}' "$1" "$2"
}

# The matcher itself, so that a broken one cannot pass every doc: `[...]`
# spans lines, and a changed line or a missing one is a difference.
printf 'a\n[...]\nd\n' > "$tmp/e"; printf 'a\nb\nc\nd\n' > "$tmp/a"
printf 'a\n[...]\nd\n' > "$tmp/e2"; printf 'a\nb\n' > "$tmp/a2"
printf 'a\nb\n' > "$tmp/e3"; printf 'a\nc\n' > "$tmp/a3"
if ! match "$tmp/e" "$tmp/a" || match "$tmp/e2" "$tmp/a2" || match "$tmp/e3" "$tmp/a3"; then
	echo "doc-transcripts: the transcript matcher is broken"
	exit 1
fi

fails=0
count=0
for doc in "$@"; do
	d=$tmp/$(echo "$doc" | tr / _)
	mkdir -p "$d/build" "$d/t"
	ln -s "$fc" "$d/build/flushcheck"
	for sub in scenarios bench machines policies kernel; do
		ln -s "$root/$sub" "$d/$sub"
	done
	# the doc's files, and its transcripts as t/LINE
	awk -v dir="$d" '
	function flush_block(   name, i) {
		if (nb == 0) return
		if (b[1] ~ /^\$ /) {
			f = dir "/t/" start
			for (i = 1; i <= nb; i++) print b[i] > f
			close(f)
		} else if (b[1] ~ /^FLUSH [^ ]+$/) {
			name = b[1]; sub(/^FLUSH /, "", name)
			f = dir "/" name ".flush"
			for (i = 1; i <= nb; i++) print b[i] > f
			close(f)
		}
	}
	/^```/ {
		if (!fence) { fence = 1; nb = 0; start = NR + 1 }
		else { flush_block(); fence = 0 }
		next
	}
	fence { b[++nb] = $0; next }
	/^<!-- file [^ ]+$/ { hidden = dir "/" $3; next }
	hidden != "" && /^-->$/ { close(hidden); hidden = ""; next }
	hidden != "" { print > hidden }
	' "$doc"
	for t in $(ls "$d/t" | sort -n); do
		# run each command, echoing it as the doc does
		: > "$d/actual"
		first=""
		while IFS= read -r line; do
			case $line in
			'$ '*)
				cmd=${line#\$ }
				[ -z "$first" ] && first=$cmd
				printf '%s\n' "$line" >> "$d/actual"
				(cd "$d" && sh -c "$cmd" >> "$d/actual" 2>&1 < /dev/null) ;;
			esac
		done < "$d/t/$t"
		norm < "$d/t/$t" > "$d/exp.n"
		norm < "$d/actual" > "$d/act.n"
		count=$((count + 1))
		if ! match "$d/exp.n" "$d/act.n"; then
			fails=$((fails + 1))
			echo "doc-transcripts: $doc:$t: \`$first\`: the output differs from the doc (- doc, + now):"
			diff -u "$d/exp.n" "$d/act.n" | sed -n '3,40p'
			grep -q 'cannot read: No such file' "$d/actual" &&
				echo "  (a file the command names is not in $doc: show it in a block" \
				     "starting 'FLUSH NAME', or in a '<!-- file NAME.flush' comment)"
		fi
	done
done
echo "doc transcripts: $count checked, $fails stale"
[ "$fails" -eq 0 ]
