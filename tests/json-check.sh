#!/bin/sh
# SPDX-License-Identifier: MIT
# json-check.sh FLUSHCHECK - the JSON interface (docs/json.md) against its
# schema (docs/flushcheck.schema.json), with Debian's python3-jsonschema
# (tests/json-validate.py).  Every line of these runs must validate:
#   - the catalogue (scenarios/) and the litmus tests (tests/litmus, whose
#     refused tests give error records) with --json;
#   - the catalogue with --json --matrix;
#   - runs that stop at a limit, with --fingerprint, with the plain search
#     and --shortest, and a policy no expect line names that fails;
#   - input errors: a file that is not there, a NUL byte, an unknown
#     machine, an unknown policy in an expect line, a malformed --policy
#     file, a syntax error.
# Beyond the schema: "passed" counts what the text Summary counts, error
# records come with exit 2, --json --matrix prints the matrix record
# alone, and the validator must refuse a record of version 1.
set -u
fc=$1
here=$(dirname "$0")
schema=$here/../docs/flushcheck.schema.json
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fail=0

# Debian's python3 with python3-jsonschema (tools/deps.sh installs it);
# another python3 on the PATH only if Debian's is not there
py=""
for p in /usr/bin/python3 python3; do
	if "$p" -c 'import jsonschema' 2>/dev/null; then
		py=$p
		break
	fi
done
if [ -z "$py" ]; then
	echo "json: no python3 with jsonschema (Debian: apt-get install python3-jsonschema)"
	exit 1
fi
validate() { "$py" "$here/json-validate.py" "$schema" "$@"; }
bad() { echo "json: $*"; fail=1; }

# run NAME WANT_EXIT OPTIONS...: flushcheck's stdout into $t/NAME.jsonl
run() {
	name=$1 want=$2
	shift 2
	"$fc" "$@" > "$t/$name.jsonl" 2> "$t/$name.err"
	rc=$?
	[ "$rc" -eq "$want" ] || bad "$name: $fc $*: exit $rc (want $want)"
}

run catalogue 0 --json scenarios/kernel scenarios/isa
run litmus 2 --json tests/litmus
run matrix 0 --json --matrix scenarios/kernel scenarios/isa
run limit 3 --json --max-states 20 scenarios/kernel/k1-seed.flush
run first 3 --json --first --policy generic scenarios/kernel/k1-seed.flush
run nomem 3 --json --max-memory 1000 --policy generic scenarios/kernel/k1-seed.flush
run like 1 --json --policy tests/fixtures/arm64-local-icache.pol --like arm64 \
	--set model=sc scenarios/kernel/k7-module-armv8.flush
run fingerprint 0 --json --fingerprint scenarios/kernel/k1-seed.flush
run plain 0 --json --reduce none --shortest scenarios/isa/seed-race.flush
run userpol 1 --json --set model=sc --policy tests/fixtures/arm64-local-icache.pol \
	scenarios/kernel/k7-module-armv8.flush

# input errors, each with its record
printf 'FLUSH n\n{ page P = old; }\n P0 ;\n st P\000 ;\n' > "$t/nul.flush"
printf 'FLUSH m\nmachine = nosuch\n' > "$t/machine.flush"
printf 'FLUSH s\n{ page P = old; kernel K = P; }\n P0 ;\n st K = ;\n' > "$t/syntax.flush"
printf '%s\n' 'FLUSH u' '{' '  page P = old;' '  kernel K = P;' '}' ' P0 ;' \
	' st K = new ;' 'exists ([P] = new)' 'expect nosuch: ok Sometimes' > "$t/u.flush"
printf 'POLICY broken\nflush_icache_range(a, b) {\n' > "$t/broken.pol"
run errors 2 --json "$t/missing.flush" "$t/nul.flush" "$t/machine.flush" \
	"$t/syntax.flush" "$t/u.flush"
run polerror 2 --json --policy "$t/broken.pol" scenarios/kernel/k1-seed.flush

validate "$t"/*.jsonl > "$t/report" || { cat "$t/report"; fail=1; }
echo "json: $(tail -n 1 "$t/report") against docs/flushcheck.schema.json"

# every input error above made exactly one record, at its place
nerr=$(grep -c '"type":"error"' "$t/errors.jsonl")
[ "$nerr" -eq 5 ] || bad "5 bad files gave $nerr error records"
nerr=$(grep -c . "$t/errors.err")
[ "$nerr" -eq 5 ] || bad "5 bad files gave $nerr lines on stderr"
for want in '"file":"[^"]*/missing.flush","line":1,"column":1,"policy":null,"message":"cannot read: ' \
	    '"file":"[^"]*/nul.flush","line":4,"column":6,"policy":null,"message":"NUL byte' \
	    '"file":"[^"]*/machine.flush","line":2,"column":11,' \
	    '"file":"[^"]*/u.flush","line":9,"column":8,"policy":"nosuch","message":"unknown policy'; do
	grep -q "$want" "$t/errors.jsonl" || bad "no error record like $want"
done
grep -q '"type":"error".*broken.pol' "$t/polerror.jsonl" ||
	bad "no error record for a malformed --policy file"

# "passed" is the text Summary's count
"$fc" scenarios/kernel scenarios/isa > "$t/text" 2>&1
want=$(sed -n 's/^Summary: \([0-9]*\) runs: \([0-9]*\) passed.*/\1 \2/p' "$t/text")
got="$(grep -c '"type":"run"' "$t/catalogue.jsonl") $(grep -c '"passed":true' "$t/catalogue.jsonl")"
[ "$want" = "$got" ] || bad "runs and passed: Summary says '$want', JSON '$got'"
grep -q '"verdict":\["bad-outcome"\],"passed":false' "$t/userpol.jsonl" ||
	bad "a failing run under a policy no expect names is not passed:false"
grep -q '"verdict":\["stale-fetch","incomplete"\],"passed":false,"complete":false' \
	"$t/limit.jsonl" || grep -q '"verdict":\["incomplete"\],"passed":false,"complete":false' \
	"$t/limit.jsonl" || bad "a run stopped by --max-states is not passed:false"

# --json --matrix: the matrix record alone, a row per scenario
[ "$(grep -c . "$t/matrix.jsonl")" -eq 1 ] && grep -q '^{"type":"matrix"' "$t/matrix.jsonl" ||
	bad "--json --matrix printed more or other than one matrix record"
rows=$(sed 's/{"scenario":/\n/g' "$t/matrix.jsonl" | grep -c '^"')
nscen=$(sed -n 's/.*"test":"\([^"]*\)".*/\1/p' "$t/catalogue.jsonl" | sort -u | wc -l)
[ "$rows" -eq "$nscen" ] || bad "matrix: $rows rows for $nscen scenarios"

# the validator refuses what the schema does not allow: version 1's string
# verdict, a record without "passed", a key it does not know
l=$(grep -m 1 '"verdict":\["ok"\]' "$t/catalogue.jsonl")
printf '%s\n' "$l" | sed 's/"verdict":\["ok"\]/"verdict":"ok"/' > "$t/bad1"
printf '%s\n' "$l" | sed 's/"passed":true,//' > "$t/bad2"
printf '%s\n' "$l" | sed 's/"states":/"state":/' > "$t/bad3"
for b in bad1 bad2 bad3; do
	if validate "$t/$b" > "$t/report"; then
		bad "the validator accepts a wrong record ($b): $(head -c 200 "$t/$b")"
	fi
done

[ "$fail" -eq 0 ] && echo "json: schema, passed counts, error records and matrix: ok"
exit "$fail"
