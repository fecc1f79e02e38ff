#!/bin/sh
# SPDX-License-Identifier: MIT
# mutations.sh FLUSHCHECK - each line of tests/mutations.txt names a
# repaired file and a sed script that breaks it (for example moving
# pte.set before the clean).  The mutant must make flushcheck exit 1 with a
# FAILED expect line: proof that the expect lines can fail.
#
# A line is FILE<TAB>SED SCRIPT<TAB>WHY, and for a policy or kernel file
# two more fields, <TAB>SCENARIO<TAB>POLICY:
#   - FILE a .flush scenario: the mutant scenario runs as it stands;
#   - FILE policies/NAME.pol: the mutant, which keeps its POLICY name, runs
#     SCENARIO as --policy FILE (POLICY is NAME), as the unmutated file
#     must first;
#   - FILE kernel/linux.pol: the built-in kernel file cannot be replaced
#     without a rebuild, but a policy's functions are looked up before the
#     kernel's, so the mutant's functions are appended to POLICY
#     (policies/POLICY.pol, or an empty POLICY generic) and that file runs
#     SCENARIO.  The same file built from the unmutated kernel must pass
#     first, or the mutation would prove nothing.
fc=$1
tmp=$(mktemp)
pol=$(mktemp -d)
trap 'rm -rf "$tmp" "$tmp.out" "$pol"' EXIT
pass=0
fail=0

# kernel_as_policy KERNELFILE POLICY OUT: POLICY's text, then the kernel
# file's flags and functions (its KERNEL line and doc string dropped).
kernel_as_policy() {
	if [ "$2" = generic ]; then
		echo "POLICY generic"
	else
		cat "policies/$2.pol"
	fi > "$3"
	sed -e '/^KERNEL /d' -e '/^"/d' "$1" >> "$3"
}

while IFS='	' read -r file script why scen name; do
	case "$file" in ''|'#'*) continue;; esac
	case "$file" in
	*.flush) mutant=$tmp; run=$tmp; args= ;;
	policies/*.pol)
		mutant=$pol/$name.pol; run=$scen; args="--policy $mutant"
		cp "$file" "$mutant" ;;
	kernel/*.pol)
		mutant=$tmp; run=$scen; args="--policy $pol/$name.pol"
		kernel_as_policy "$file" "$name" "$pol/$name.pol" ;;
	*) echo "mutations.txt: cannot mutate $file"; fail=$((fail + 1)); continue ;;
	esac
	# a policy or kernel line: the unmutated file must pass SCENARIO
	if [ -n "$args" ] && ! "$fc" -q $args "$run" > "$tmp.out" 2>&1; then
		echo "unmutated $file under $name fails $scen: $why"
		fail=$((fail + 1))
		continue
	fi
	sed -e "$script" "$file" > "$mutant"
	if cmp -s "$file" "$mutant"; then
		echo "mutation did not change $file: $why"
		fail=$((fail + 1))
		continue
	fi
	case "$file" in kernel/*.pol) kernel_as_policy "$mutant" "$name" "$pol/$name.pol";; esac
	"$fc" -q $args "$run" > "$tmp.out" 2>&1
	rc=$?
	if [ "$rc" -eq 1 ] && grep -q FAILED "$tmp.out"; then
		pass=$((pass + 1))
	else
		echo "mutant of $file still passes (exit $rc): $why"
		fail=$((fail + 1))
	fi
	rm -f "$tmp.out"
done < tests/mutations.txt
echo "mutations: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
