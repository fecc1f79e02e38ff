/* SPDX-License-Identifier: MIT */
/*
 * seed_family.pml - the benchmark family of bench/family/gen.sh, written
 * for SPIN: the seed race (a new page of text dirty in the writer's
 * D-cache, published to executors whose I-caches do not snoop) on N CPUs
 * with L model lines per page.
 *
 *   spin -DN=3 -DL=2 -a seed_family.pml            the fixed order
 *   spin -DN=3 -DL=2 -DBUGGY -a seed_family.pml    the buggy order
 *   gcc -O2 -DSAFETY -o pan pan.c && ./pan -m100000 -w26
 *
 * CPU N-1 is the writer; CPUs 0..N-2 are the executors.  The buggy order
 * publishes the user PTE right after the stores (set_pte_at before
 * update_mmu_cache, Linux <= 2.6.36); the fixed order publishes it after
 * the D-clean and the I-invalidate (2.6.37).  An executor that fetches a
 * line older than the page's new contents fails its assertion: that is
 * flushcheck's stale-fetch oracle on this family, since the newest version
 * of every line when the PTE is set is the new one in both orders.
 *
 * How each piece stands for flushcheck's model is in bench/README.md.
 * The cache state is kept one small value per line, with no separate
 * valid and data bits, so that an empty line has one representation and
 * the states SPIN stores are the distinct machine states.
 */
#ifndef N
#define N 2            /* CPUs, 2..8: byte-sized loops and arrays      */
#endif
#ifndef L
#define L 1            /* lines per page, 1..8                         */
#endif

#define WRITER (N - 1)

/* one I-cache line: what it holds */
#define I_EMPTY 0
#define I_OLD   1
#define I_NEW   2
/* one line of the writer's D-cache (only the writer ever stores, and it
 * stores only the new contents, so a valid line always holds them) */
#define D_EMPTY 0
#define D_CLEAN 1
#define D_DIRTY 2

bit  ram[L];           /* memory: 1 once line l holds the new contents */
byte dline[L];         /* the writer's write-back D-cache              */
byte iline[N * L];     /* CPU c's I-cache line l is iline[c * L + l]   */
bit  pte;              /* the user mapping U is present                */

/* an I-cache fill: the I-side reads memory, never a D-cache */
inline ifill(c, l) {
	iline[c * L + l] = (ram[l] -> I_NEW : I_OLD)
}

/* writing a D-line back leaves memory with the new contents */
inline writeback(l) {
	ram[l] = 1
}

proctype writer()
{
	byte l;

	/* the PIO read: each line of the page stored through the kernel
	 * alias, one step per line, dirty in the writer's D-cache */
	for (l : 0 .. L - 1) {
		dline[l] = D_DIRTY
	}
	l = 0;
#ifdef BUGGY
	pte = 1;       /* set_pte_at() first: the race window opens */
#endif
	/* clean the D-cache to the point of unification, line by line */
	for (l : 0 .. L - 1) {
		atomic {
			if
			:: dline[l] == D_DIRTY -> writeback(l); dline[l] = D_CLEAN
			:: else -> skip
			fi
		}
	}
	l = 0;
	/* invalidate the I-cache of every CPU: one broadcast step */
	atomic {
		for (l : 0 .. N * L - 1) {
			iline[l] = I_EMPTY
		}
		l = 0
	}
#ifndef BUGGY
	pte = 1        /* the fixed order: publish only after the sync */
#endif
}

/* An executor waits for U, then fetches the page line by line. */
proctype executor(byte c)
{
	byte l;

	pte == 1;
	for (l : 0 .. L - 1) {
		atomic {
			if
			:: iline[c * L + l] == I_EMPTY -> ifill(c, l)
			:: else -> skip
			fi;
			assert(iline[c * L + l] == I_NEW)
		}
	}
	l = 0
}

/*
 * Everything the hardware may do on its own, at any moment, as one agent:
 * evict a D-line (written back when dirty), fill any CPU's I-line
 * speculatively from memory (the kernel alias is executable and always
 * present), evict any I-line.  Each is one atomic step that never blocks
 * halfway (choosing an empty line does nothing), and the choice of CPU
 * and line is reset so that it leaves no trace in the state.
 */
proctype hardware()
{
	byte c, l;

end:	do
	:: atomic {
		select (l : 0 .. L - 1);
		if
		:: dline[l] == D_DIRTY -> writeback(l); dline[l] = D_EMPTY
		:: dline[l] == D_CLEAN -> dline[l] = D_EMPTY
		:: else -> skip
		fi;
		l = 0 }
	:: atomic {
		select (c : 0 .. N - 1); select (l : 0 .. L - 1);
		ifill(c, l);
		c = 0; l = 0 }
	:: atomic {
		select (c : 0 .. N - 1); select (l : 0 .. L - 1);
		iline[c * L + l] = I_EMPTY;
		c = 0; l = 0 }
	od
}

init {
	byte c;

	atomic {
		run writer();
		for (c : 0 .. N - 2) {
			run executor(c)
		}
		c = 0;
		/* started last: pan's depth-first search then tries hardware
		 * steps first, and on the buggy order it stores thousands of
		 * states before the first stale fetch, not a dozen (as it
		 * does when this agent is pid 0).  Either is a correct
		 * answer; bench/README.md's figures are for this order. */
		run hardware()
	}
}
