#!/bin/sh
# SPDX-License-Identifier: MIT
# herd-gen.sh DIY7 OUTDIR - the litmus tests `make herd-diff` generates:
# herd's diy7 cycles over Armv8 data accesses and instruction fetch, one
# subdirectory of OUTDIR a set.  diy7 is deterministic given its options,
# so the same diy7 gives the same files; a set is made again when its
# options or diy7 change.  Prints
# one line a set with its count and the command that made it
# (docs/herd.md quotes them).
#
# The sets (diy7 edge names: Rfe/Fre/Wse communication between threads,
# Pod program order to another location, DMB.SY/DMB.LD/DMB.ST/DSB.SY
# fences, ISB, DpAddr/DpData/DpCtrl dependencies, DpCtrlIsb control plus
# ISB, A/L/P acquire/release/plain accesses, I an instruction fetch):
#   data-2     2 threads (MP, SB, LB, S, R, 2+2W), up to two kinds of
#              relaxation in each cycle of up to 6 edges
#   data-4     up to 4 threads (those and WRC, RWC, ISA2-like Z6, WWC,
#              IRIW, IRRWIW, 3.LB ...), up to two kinds a cycle
#   ifetch-2   2 threads where code is data: a store of an instruction
#              into another thread's code (FreIP, RfePI), published with
#              each subset of DC CVAU; DSB; IC IVAU; DSB; ISB, and read
#              behind a data read with no order, ISB, a control or address
#              dependency, DMB, DSB, or IC IVAU; DSB; ISB of its own
#   ifetch-2-idc, ifetch-2-dic  ifetch-2 with `CacheType=IDC` and with
#              `CacheType=DIC` (the catalogue's DIC0-IDC1 and DIC1-IDC1
#              variants), test names prefixed IDC1. and DIC1.
#   ifetch-3   up to 3 threads, the same fetch relaxations mixed with
#              DMB and address dependencies between data accesses
set -u
if [ $# -ne 2 ]; then
	echo "usage: herd-gen.sh DIY7 OUTDIR" >&2
	exit 2
fi
diy=$1
out=$2
case "$diy" in */*) diy=$(cd "$(dirname "$diy")" && pwd)/$(basename "$diy") ;; esac

# Data relaxations: program order alone, each barrier, each dependency,
# acquire and release.
DATA2="PodWW PodWR PodRW PodRR DMB.SYdWW DMB.SYdWR DMB.SYdRW DMB.SYdRR \
DMB.LDdRR DMB.LDdRW DMB.STdWW DSB.SYdWR ISBdRR DpAddrdR DpAddrdW DpDatadW \
DpCtrldW DpCtrldR DpCtrlIsbdR PodRWAL PodWRLA PodRRAP PodRWAP PodWWPL PodRWPL"
# With more threads, fewer of them (the count grows as their square).
DATA4="PodWW PodRR DMB.SYdWW DMB.SYdRR DMB.SYdWR DMB.LDdRR DMB.STdWW \
DpAddrdR DpDatadW DpCtrldW DpCtrlIsbdR PodRRAP PodWWPL PodWRLA"
# Instruction fetch.  The writer: a store into code (FreIP: a fetch reads
# from before it), then each subset of the cache maintenance that
# publishes it.  The reader: a data read, then a fetch (PI) behind each
# kind of order.  And fetches that read a new instruction (RfePI), then
# an access or another fetch.
FETCH_W="[FreIP,PodWW] [FreIP,PodWW,DC.CVAUp,DSB.ISH,IC.IVAUp,DSB.ISH] \
[FreIP,PodWW,DC.CVAUp,DSB.ISH,IC.IVAUp] [FreIP,PodWW,DC.CVAUp,DMB.ISH,IC.IVAUp,DSB.ISH] \
[FreIP,PodWW,IC.IVAUp,DSB.ISH] [FreIP,PodWW,DC.CVAUp,DSB.ISH] [FreIP,PodWW,DMB.ISH] \
[FreIP,PodWR,DC.CVAUp,DSB.ISH,IC.IVAUp,DSB.ISH,ISB] \
[FreIP,PodWRPI,DC.CVAUp,DSB.ISH,IC.IVAUp,DSB.ISH,ISB]"
FETCH_R="PodRRPI ISBdRRPI DpCtrldRPI DpCtrlIsbdRPI DpAddrdRPI DMB.SYdRRPI \
DSB.SYdRRPI [PodRRPI,IC.IVAUn,DSB.ISH,ISB] [DpCtrldRPI,IC.IVAUn,DSB.ISH,ISB] \
[PodRRPI,DC.CVAUn,DSB.ISH,IC.IVAUn,DSB.ISH,ISB] PodWRPI [PodWRPI,DSB.ISH,ISB]"
FETCH_O="RfePI PodRRIP PodRWIP PodRRII"
FETCH="$FETCH_W $FETCH_R $FETCH_O"
# -variant self: code may be written; -moreedges: DMB.ISH, DSB.ISH and
# the maintenance edges; -ins 10: a maintenance sequence is several
# edges of one thread.
SELF="-variant self -moreedges true -ins 10"

# gen SET DIY7-OPTIONS...: the set, in OUTDIR/SET.  diy7 takes minutes
# over the fetch sets, so a set is made again only when its command line
# or the diy7 binary changed since (OUTDIR/SET.stamp).
gen() {
	set_=$1
	shift
	stamp="$(ls -lL "$diy") $*"
	if [ -f "$out/$set_/@all" ] && [ -f "$out/$set_.stamp" ] &&
		[ "$(cat "$out/$set_.stamp")" = "$stamp" ]; then
		how="kept"
	else
		rm -rf "${out:?}/$set_" "$out/$set_.stamp"
		mkdir -p "$out/$set_"
		if ! (cd "$out/$set_" && "$diy" "$@" > ../"$set_.log" 2>&1); then
			echo "herd-gen: $diy failed for $set_ (see $out/$set_.log)" >&2
			exit 1
		fi
		printf '%s\n' "$stamp" > "$out/$set_.stamp"
		how="made"
	fi
	echo "$set_: $(ls "$out/$set_" | grep -c '\.litmus$') tests, $how (the diy7 command: first line of $out/$set_/@all)"
}

# variant FROM SET KEY PREFIX: SET is FROM with "CacheType=KEY" in every
# header (before the initial state) and PREFIX before every test name.
variant() {
	rm -rf "${out:?}/$2"
	mkdir -p "$out/$2"
	for f in "$out/$1"/*.litmus; do
		awk -v key="$3" -v pre="$4" '
		NR == 1 { $2 = pre $2 }
		!done && /^[ \t]*\{/ { print "CacheType=" key; done = 1 }
		{ print }' "$f" > "$out/$2/$4$(basename "$f")"
	done
	echo "$2: $(ls "$out/$2" | grep -c '\.litmus$') tests: $1 with CacheType=$3, names prefixed $4"
}

mkdir -p "$out"
gen data-2 -arch AArch64 -nprocs 2 -size 6 -mix true -maxrelax 2 \
	-safe "Rfe Fre Wse PosWR PosRR" -relax "$DATA2"
gen data-4 -arch AArch64 -nprocs 4 -size 6 -mix true -maxrelax 2 \
	-safe "Rfe Fre Wse" -relax "$DATA4"
# shellcheck disable=SC2086 # SELF is a list of options
gen ifetch-2 -arch AArch64 $SELF -nprocs 2 -size 6 -mix true -maxrelax 3 \
	-safe "Rfe Fre Wse" -relax "$FETCH"
variant ifetch-2 ifetch-2-idc IDC IDC1.
variant ifetch-2 ifetch-2-dic DIC DIC1.
# shellcheck disable=SC2086
gen ifetch-3 -arch AArch64 $SELF -nprocs 3 -size 6 -mix true -maxrelax 2 \
	-safe "Rfe Fre Wse DMB.SYdWW DMB.SYdRR DpAddrdR" -relax "$FETCH"
echo "total: $(find "$out" -name '*.litmus' | wc -l) tests in $out"
