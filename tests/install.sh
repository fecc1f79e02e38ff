#!/bin/sh
# SPDX-License-Identifier: MIT
# install.sh FLUSHCHECK [MAKE] - the packaging (issue 11, item 8):
#   - `make install` into a scratch DESTDIR puts each file in its place,
#     the installed binary runs, and `make uninstall` takes them away;
#   - every option that --help lists is in the man page (so an option
#     added without documentation fails here), and the man page renders
#     without warnings (man --warnings, else groff -ww; skipped if neither);
#   - the bash completion parses, completes --pol to --policy and knows
#     every option of --help and the names of machines and policies;
#   - Vim detects .flush and .pol and highlights them (skipped without vim);
#   - --list-machines and --list-policies fit 100 columns;
#   - sizes, times and counts take their suffixes, and a bad one is a
#     usage error (exit 2) that names the option.
set -u
LC_ALL=C
export LC_ALL
fc=$(realpath "$1")
make=${2:-make}
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "packaging: $*"; }
skip() { echo "packaging: skipped: $*"; }

# ---- make install / uninstall -------------------------------------------
root=$d/root
files="usr/local/bin/flushcheck usr/local/share/man/man1/flushcheck.1
usr/local/share/bash-completion/completions/flushcheck
usr/local/share/vim/vimfiles/ftdetect/flushcheck.vim
usr/local/share/vim/vimfiles/syntax/flush.vim
usr/local/share/vim/vimfiles/syntax/flushpol.vim"
if $make --no-print-directory install DESTDIR="$root" PREFIX=/usr/local > "$d/log" 2>&1; then
	ok
	for f in $files; do
		[ -f "$root/$f" ] && ok || bad "make install: no $f"
	done
	[ -x "$root/usr/local/bin/flushcheck" ] && ok || bad "make install: the binary is not executable"
	n=$(find "$root" -type f | wc -l)
	[ "$n" -eq 6 ] && ok || bad "make install: $n files (want 6): $(cd "$root" && find . -type f)"
	v=$("$root/usr/local/bin/flushcheck" --version)
	if echo "$v" | grep -Eq '^flushcheck [0-9]+\.[0-9]+\.[0-9]+ \(commit [^ ]+\)$'; then ok
	else bad "--version prints '$v'"; fi
	# the commit it was built from, as git describes this checkout now
	want=unknown
	[ -e .git ] && want=$(git describe --always --dirty 2>/dev/null || echo unknown)
	[ "$v" = "${v%(commit*}(commit $want)" ] && ok || bad "--version says '$v', git describe '$want'"
else
	bad "make install DESTDIR=$root failed:"
	tail -n 20 "$d/log"
fi

# ---- the man page against --help ----------------------------------------
man1=docs/flushcheck.1
# the options of a --help text: each word starting with '-' on the lines
# that list options, without a trailing ',' or an [=value] part
help_options() {
	awk '/^ +-/ { for (i = 1; i <= NF; i++) if ($i ~ /^-/) print $i }' |
		sed -e 's/,$//' -e 's/\[.*//' -e 's/=.*//' | sort -u
}
# the man page's text, roff escapes undone: \- is -, fonts dropped
man_text() {
	sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\f(..//g' "$man1"
}
# the options the man page describes: those of each item's tag (the line
# after .TP) in the OPTIONS section
man_options() {
	man_text | awk '/^\.SH/ { s = ($0 == ".SH OPTIONS"); next }
		s && tp { for (i = 1; i <= NF; i++) { w = $i; gsub(/["\[\],]/, "", w)
			sub(/=.*/, "", w); if (w ~ /^-/) print w } }
		{ tp = s && $0 == ".TP" }' | sort -u
}
# missing_in_man: the options read on stdin that the man page lacks
missing_in_man() {
	man_options > "$d/man.opts"
	sort -u | comm -23 - "$d/man.opts"
}
"$fc" --help | help_options > "$d/opts"
n=$(wc -l < "$d/opts")
[ "$n" -ge 20 ] && ok || bad "only $n options read from --help: the extraction is broken"
missing=$(missing_in_man < "$d/opts")
[ -z "$missing" ] && ok || bad "options in --help but not in $man1:" $missing
# the check itself: an option the man page lacks is found
printf '  --no-such-option-here N   what\n  -Z, --zed  x\n' | help_options > "$d/fake"
[ "$(missing_in_man < "$d/fake" | tr '\n' ' ')" = "--no-such-option-here --zed -Z " ] && ok ||
	bad "the man page check does not see options that are missing"
# the exit status section: 0 to 3, as main.c and --help say
awk '/^\.SH EXIT STATUS/ { s = 1; next } /^\.SH/ { s = 0 } s && /^\.B [0-9]$/ { printf "%s ", $2 }' \
	"$man1" > "$d/exits"
[ "$(cat "$d/exits")" = "0 1 2 3 " ] && ok || bad "EXIT STATUS lists '$(cat "$d/exits")' (want 0 1 2 3)"
# the version in the page's title line is the binary's
ver=$("$fc" --version | awk '{ print $2 }')
grep -q "^\.TH FLUSHCHECK 1 \"[^\"]*\" \"flushcheck $ver\"" "$man1" && ok ||
	bad "$man1: the .TH line does not name flushcheck $ver (--version)"
for s in NAME SYNOPSIS DESCRIPTION OPTIONS FILES 'EXIT STATUS' EXAMPLES 'SEE ALSO'; do
	grep -q "^\.SH $s\$" "$man1" && ok || bad "$man1 has no section $s"
done
if command -v man >/dev/null 2>&1; then
	# what Debian's lintian runs
	LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z \
		"$man1" > /dev/null 2> "$d/warn"
	[ ! -s "$d/warn" ] && ok || { bad "man --warnings on $man1:"; head -n 10 "$d/warn"; }
	MANWIDTH=80 man -l "$man1" 2>/dev/null | grep -q '^ *flushcheck - model checker' && ok ||
		bad "man -l $man1 does not render its NAME line"
elif command -v groff >/dev/null 2>&1; then
	groff -man -ww -z "$man1" 2> "$d/warn"
	[ ! -s "$d/warn" ] && ok || { bad "groff -ww on $man1:"; head -n 10 "$d/warn"; }
else
	skip "neither man nor groff is installed: $man1 not rendered"
fi

# ---- bash completion ----------------------------------------------------
comp=$root/usr/local/share/bash-completion/completions/flushcheck
if command -v bash >/dev/null 2>&1; then
	bash -n "$comp" && ok || bad "bash -n $comp"
	# complete WORD... : COMPREPLY for the last word, one per line
	cat > "$d/complete.sh" <<-'SH'
	. "$1"; shift
	COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()
	_flushcheck
	printf '%s\n' "${COMPREPLY[@]}"
	SH
	complete() { bash "$d/complete.sh" "$comp" "$fc" "$@" 2>&1; }
	got=$(complete --pol)
	[ "$got" = --policy ] && ok || bad "completing --pol gives '$got' (want --policy)"
	complete --policy arm64-n | grep -qx arm64-noisb && ok ||
		bad "completing --policy arm64-n does not give arm64-noisb"
	complete --machine cortex | grep -qx cortex-a9 && ok ||
		bad "completing --machine cortex does not give cortex-a9"
	got=$(complete --reduce spec,s | tr '\n' ' ')
	[ "$got" = "spec,spec spec,symmetry " ] && ok || bad "completing --reduce spec,s gives '$got'"
	complete - > "$d/comp"
	missing=$(sort -u "$d/comp" | comm -13 - "$d/opts")
	[ -z "$missing" ] && ok || bad "the completion lacks options of --help:" $missing
	# every name listed completes
	for l in machines policies; do
		"$fc" --list-$l | awk '/^[^ ]/ { print $1 }' | sort > "$d/names"
		opt=--machine; [ $l = policies ] && opt=--policy
		complete $opt '' | sort > "$d/cnames"
		[ -s "$d/names" ] && comm -23 "$d/names" "$d/cnames" | grep -q . &&
			bad "completing $opt lacks: $(comm -23 "$d/names" "$d/cnames" | tr '\n' ' ')" || ok
	done
else
	skip "bash is not installed: $comp not checked"
fi

# ---- Vim ----------------------------------------------------------------
if command -v vim >/dev/null 2>&1; then
	# the file type and the highlight group at LINE,COL of each file
	cat > "$d/probe.vim" <<-'VIM'
	set nocompatible
	let &rtp = g:fcdir . ',' . &rtp
	filetype on
	syntax on
	function! Probe(file, points)
	  execute 'edit ' . a:file
	  let r = [&filetype]
	  for [l, c] in a:points
	    call add(r, synIDattr(synID(l, c, 1), 'name'))
	  endfor
	  call writefile([join(r, ' ')], g:fcout, 'a')
	endfunction
	VIM
	printf 'FLUSH t\nmachine = cortex-a9\n{ page P = old; kernel K = P; }\n P0 ;\n st K = new ;\nexists ([P] = new)\nexpect generic: ok Sometimes # x\n' > "$d/t.flush"
	printf '# c\nPOLICY t\nflag f\nset_pte_at(u) {\n\tdc.clean.local kaddr(page(u));\n\tif (exec(u)) return;\n}\n' > "$d/t.pol"
	vim -u NONE -i NONE -N -es --cmd "let g:fcdir = '$root/usr/local/share/vim/vimfiles'" \
		--cmd "let g:fcout = '$d/vim.out'" -S "$d/probe.vim" \
		-c "call Probe('$d/t.flush', [[1, 1], [2, 1], [5, 2], [5, 2], [6, 1], [7, 1], [7, 18], [7, 21], [7, 30]])" \
		-c "call Probe('$d/t.pol', [[1, 1], [2, 1], [3, 1], [4, 1], [5, 2], [5, 17], [6, 2]])" \
		-c 'call writefile([v:errmsg], g:fcout, "a")' -c 'qa!' < /dev/null > /dev/null 2>&1
	want="flush flushHeader flushSetting flushOp flushOp flushCond flushFooter flushVerdict flushObservation flushComment
flushpol flushComment flushPolHeader flushPolDecl flushFunction flushOp flushBuiltin flushControl"
	# (and an empty v:errmsg: no error while loading them)
	if [ -f "$d/vim.out" ] && [ "$(cat "$d/vim.out")" = "$want" ]; then ok
	else bad "vim: file types and highlight groups differ (want, got):"; printf '%s\n' "$want"; cat "$d/vim.out" 2>/dev/null; fi
else
	skip "vim is not installed: the syntax files not checked"
fi

# ---- make uninstall (after the checks of what is installed) -------------
if $make --no-print-directory uninstall DESTDIR="$root" PREFIX=/usr/local >> "$d/log" 2>&1 &&
   [ "$(find "$root" -type f | wc -l)" -eq 0 ]; then ok
else bad "make uninstall left: $(cd "$root" && find . -type f)"; fi

# ---- list widths --------------------------------------------------------
for l in machines policies; do
	"$fc" --list-$l > "$d/list"
	w=$(awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }' "$d/list")
	n=$(grep -c '^[^ ]' "$d/list")
	[ "$w" -le 100 ] && [ "$n" -ge 5 ] && ok || bad "--list-$l: $n names, $w columns (want <= 100)"
done

# ---- suffixes -----------------------------------------------------------
s=scenarios/kernel/k1-seed.flush
"$fc" -q --max-states 20k --max-memory 512M --timeout 5m "$s" > "$d/out" 2>&1 && ok ||
	bad "--max-states 20k --max-memory 512M --timeout 5m: exit $?: $(tail -n 2 "$d/out")"
"$fc" -q --max-states 0.02k "$s" > "$d/out" 2>&1
[ $? -eq 3 ] && grep -q '^Summary: .* [1-9][0-9]* incomplete' "$d/out" && ok ||
	bad "--max-states 0.02k (20 states) does not stop k1-seed"
for a in "--max-memory 512X" "--timeout 5y" "--max-states 1.5" "--max-states 1m" "--timeout -1"; do
	"$fc" $a "$s" > "$d/out" 2>&1
	rc=$?
	[ $rc -eq 2 ] && grep -q "^flushcheck: ${a% *} " "$d/out" && ok ||
		bad "$a: exit $rc (want 2) or no message naming ${a% *}: $(head -n 1 "$d/out")"
done

echo "packaging: $pass checks passed, $fail failed"
[ "$fail" -eq 0 ]
