#!/bin/sh
# SPDX-License-Identifier: MIT
# html-check.sh FLUSHCHECK OUTDIR - the --html report and --dot digraphs
# (docs/report.md):
#   - --html over scenarios/kernel into a temporary directory: every link
#     of index.html (and each run page's link back) resolves to a file
#     there, and each run page holds an <svg>;
#   - a scenario whose name and doc string carry markup: no <script> or
#     <i> gets through to the pages;
#   - --dot FILE over the same scenarios: valid Graphviz (dot -Tsvg), if
#     graphviz is installed; --dot - prints digraphs alone;
#   - if Debian's chromium is installed, index.html and one run page
#     opened headless: each screenshot must be a PNG larger than 10 KB.
#     They stay in OUTDIR/html-shots/, their paths printed.
# Without graphviz or chromium those checks are skipped with a message
# (tools/deps.sh and .ci/run install both, so CI runs them).
set -u
fc=$1
out=$2
here=$(dirname "$0")
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fail=0
bad() { echo "html-check: $*"; fail=1; }

"$fc" -q --html "$t/report" "$here/../scenarios/kernel" >"$t/out" 2>&1 ||
	bad "--html over scenarios/kernel failed: $(tail -3 "$t/out")"
[ -f "$t/report/index.html" ] || bad "no index.html"
links=0
for l in $(grep -o 'href="[^"]*"' "$t/report/index.html" | sed 's/^href="//; s/"$//'); do
	links=$((links + 1))
	[ -f "$t/report/$l" ] || bad "index.html links $l: no such file"
done
[ "$links" -gt 0 ] || bad "index.html links no run page"
pages=0
for p in "$t"/report/runs/*.html; do
	[ -f "$p" ] || continue
	pages=$((pages + 1))
	grep -q '<svg ' "$p" || bad "$(basename "$p"): no <svg>"
	grep -q 'href="../index.html"' "$p" || bad "$(basename "$p"): no link back"
	grep -q '@media print{' "$p" || bad "$(basename "$p"): no print stylesheet"
	grep -q -e '<script' -e 'src="http' -e 'href="http' "$p" &&
		bad "$(basename "$p"): a script or an external asset"
done
[ "$pages" -eq "$links" ] || bad "$pages run pages, $links links to them"

# a hostile name and doc string: escaped, never markup
cat >"$t/h.flush" <<'SCEN'
FLUSH x<script>alert(1)</script>&"'
"doc <i>markup</i> & <b>more"
machine = cortex-a9
{ page P = old; kernel K = P; user U = P @ 0x8000 rx absent; }
 P0          | P1         ;
             | st K = new ;
             | pte.set U  ;
 r0 = exec U |            ;
exists (P0:r0 = old)
SCEN
"$fc" -q --policy generic --html "$t/hostile" "$t/h.flush" >"$t/out" 2>&1
if grep -l -e '<script' -e '<i>' -e '<b>more' -r "$t/hostile" >/dev/null; then
	bad "markup of a scenario got into the report:" \
	    "$(grep -l -e '<script' -e '<i>' -r "$t/hostile")"
fi
grep -q 'x&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;' \
	"$t/hostile/index.html" || bad "the hostile name is not in index.html, escaped"
[ "$(ls "$t/hostile/runs" | wc -l)" -eq 1 ] || bad "the hostile run has no page"

# --dot
"$fc" -q --dot "$t/all.dot" "$here/../scenarios/kernel" >"$t/out" 2>&1 ||
	bad "--dot FILE over scenarios/kernel failed"
graphs=$(grep -c '^digraph ' "$t/all.dot")
[ "$graphs" -gt 0 ] || bad "--dot wrote no digraph"
"$fc" --policy generic --dot - "$t/h.flush" >"$t/stdout.dot" 2>&1
grep -qv -e '^digraph ' -e '^	' -e '^}$' "$t/stdout.dot" &&
	bad "--dot - printed more than digraphs: $(grep -v -e '^digraph ' -e '^	' -e '^}$' "$t/stdout.dot" | head -2)"
if command -v dot >/dev/null 2>&1; then
	dot -Tsvg "$t/all.dot" >"$t/all.svg" 2>"$t/dot.err" ||
		bad "dot -Tsvg refused --dot's output: $(head -3 "$t/dot.err")"
	dot -Tsvg "$t/stdout.dot" >/dev/null 2>"$t/dot.err" ||
		bad "dot -Tsvg refused the hostile digraph: $(head -3 "$t/dot.err")"
	echo "html-check: dot -Tsvg took $graphs digraphs"
else
	echo "html-check: graphviz not installed: --dot's output not checked with dot -Tsvg (apt-get install graphviz)"
fi

# a look at the pages in a browser
chromium=$(command -v chromium 2>/dev/null || true)
if [ -n "$chromium" ]; then
	mkdir -p "$out/html-shots"
	shots=$(cd "$out/html-shots" && pwd)
	run=$(ls "$t"/report/runs/k1-seed--*.html | head -1)
	for pair in "index:$t/report/index.html" "run:$run"; do
		name=${pair%%:*}
		page=${pair#*:}
		rm -f "$shots/$name.png"
		timeout 120 "$chromium" --headless --no-sandbox --disable-gpu \
			--screenshot="$shots/$name.png" --window-size=1280,2000 \
			"file://$page" >"$t/chromium.log" 2>&1
		size=$(wc -c <"$shots/$name.png" 2>/dev/null || echo 0)
		if [ "$size" -lt 10000 ]; then
			bad "chromium's screenshot of $name is $size bytes: $(tail -2 "$t/chromium.log")"
		else
			echo "html-check: screenshot $shots/$name.png ($size bytes)"
		fi
	done
else
	echo "html-check: chromium not installed: no screenshot taken (apt-get install chromium)"
fi
if [ "$fail" -eq 0 ]; then
	echo "html-check: $links links resolve, $pages run pages with an <svg>, hostile names escaped"
fi
exit "$fail"
