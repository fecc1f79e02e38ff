#!/bin/sh
# SPDX-License-Identifier: MIT
# run.sh MODE BUILD N "TARGETS" FUZZ_CC - the fuzz targets (tests/fuzz/README).
#
#   regress  every input of tests/fuzz/regress/T/ and of T's seed corpus
#            through BUILD/asan/replay_T (the target under ASan + UBSan,
#            no libFuzzer needed); then, if FUZZ_CC links libFuzzer, the
#            libFuzzer target over the same inputs for N runs in all
#   fuzz     each libFuzzer target for N seconds; what it finds is kept in
#            BUILD/fuzz/corpus/T, crashes in BUILD/fuzz/artifacts/
#
# Seed corpora are made here, from the project's own files, every run:
# scenarios/ for scenario, policies/ and kernel/ for policy, machines/ for
# machine, the hand-written tests/fixtures/litmus/ for litmus.  Nothing
# generated is committed.
set -u
mode=$1 b=$2 n=$3 targets=$4 fcc=$5
fail=0

seeds() {
	case $1 in
	scenario) find scenarios -name '*.flush' ;;
	policy) find policies kernel -name '*.pol' ;;
	machine) find machines -name '*.machine' ;;
	litmus) find tests/fixtures/litmus -name '*.litmus' ;;
	esac
}

make_seed() {
	rm -rf "$b/fuzz/seed/$1"
	mkdir -p "$b/fuzz/seed/$1" "$b/fuzz/corpus/$1" "$b/fuzz/artifacts"
	for f in $(seeds "$1"); do
		cp "$f" "$b/fuzz/seed/$1/$(echo "$f" | tr / _)"
	done
}

have_libfuzzer() {
	probe=$(mktemp -d)
	printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
		'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)' \
		'{ (void)d; (void)n; return 0; }' > "$probe/p.c"
	$fcc -fsanitize=fuzzer "$probe/p.c" -o "$probe/p" >/dev/null 2>&1
	rc=$?
	rm -rf "$probe"
	return $rc
}

for t in $targets; do
	make_seed "$t"
done

if [ "$mode" = regress ]; then
	for t in $targets; do
		if ! "$b/asan/replay_$t" tests/fuzz/regress/$t "$b/fuzz/seed/$t" \
			>"$b/fuzz/replay_$t.log" 2>&1; then
			cat "$b/fuzz/replay_$t.log"
			echo "fuzz: replay_$t crashed (log above)"
			fail=1
		fi
	done
	echo "fuzz: regressions and seeds replayed under ASan+UBSan: $( \
		cat "$b"/fuzz/replay_*.log | sed -n 's/.*: \([0-9]*\) inputs.*/\1/p' | \
		awk '{s += $1} END {print s}') inputs, $([ $fail = 0 ] && echo ok || echo FAILED)"
fi

if ! have_libfuzzer; then
	echo "fuzz: $fcc cannot link libFuzzer: libFuzzer targets skipped" \
		"(Debian: apt-get install clang libclang-rt-dev)"
	[ "$mode" = fuzz ] && exit 1
	exit $fail
fi
make --no-print-directory -s B="$b" FUZZ_CC="$fcc" fuzzers || exit 1

for t in $targets; do
	log=$b/fuzz/fuzz_$t.log
	if [ "$mode" = regress ]; then
		# the seeds and regressions, then mutations up to N runs
		"$b/fuzz/fuzz_$t" -runs="$n" -seed=1 \
			-artifact_prefix="$b/fuzz/artifacts/$t-" \
			"$b/fuzz/seed/$t" tests/fuzz/regress/$t >"$log" 2>&1
	else
		"$b/fuzz/fuzz_$t" -max_total_time="$n" -timeout=60 \
			-artifact_prefix="$b/fuzz/artifacts/$t-" \
			"$b/fuzz/corpus/$t" "$b/fuzz/seed/$t" \
			tests/fuzz/regress/$t >"$log" 2>&1
	fi
	rc=$?
	echo "fuzz: fuzz_$t: $(grep -E '^#[0-9]+.*(DONE|INITED)' "$log" | tail -n 1 | \
		sed 's/^#\([0-9]*\)[^a-z]*\([A-Z]*\).*cov: \([0-9]*\).*/\1 runs, cov \3/')" \
		"$([ $rc = 0 ] && echo ok || echo "FAILED (exit $rc)")"
	if [ $rc != 0 ]; then
		tail -n 40 "$log"
		echo "fuzz: the input is in $b/fuzz/artifacts/$t-*: make it a" \
			"regression test in tests/fuzz/regress/$t/ once fixed"
		fail=1
	fi
done
exit $fail
