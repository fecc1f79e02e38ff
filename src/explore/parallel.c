/* SPDX-License-Identifier: MIT */
/*
 * parallel.c - the parallel breadth-first engine (-j N): one level of the
 * search expanded by N threads and merged so that the result is the
 * one-thread search's (search.c), bit for bit.
 *
 * Each level is expanded by N threads, and merged in three phases so that
 * the search is the same search as with one thread: the same state
 * numbers, parents, first violations, order of visit() calls, and the
 * same stop by --max-states.
 *
 *  E. Expansion (parallel).  The level is cut into chunks of parents,
 *     which threads take in turn.  The visited set is only read.
 *     A successor already in it is dropped (it is as old as the level or
 *     older).  The others are candidates, appended to the taker's arrays
 *     with parent, ordinal and hash (a small cache of its recent
 *     candidates drops most repeats at once).  A transition that violates
 *     a bit not seen before the level is noted, once per bit and chunk.
 *     nsucc[] counts each parent's successors.
 *  A. Repeats (parallel, by visited-set partition).  Each thread walks the
 *     candidates of its partitions in level order and marks each new or a
 *     repeat of an earlier one (a level set per partition).  A repeat has
 *     the hash of its original, hence its partition and thread.
 *  B. Numbering (serial).  Chunk after chunk, parent after parent, the new
 *     candidates are stored, numbered and visited, and the noted
 *     violations recorded, in ordinal order: what the one-thread search
 *     does, without a single probe of the visited set.
 *  C. Insertion (parallel): the stored candidates are copied to the places
 *     B reserved (by ranges of chunks, so that no two threads write one
 *     cache line), and go into the visited set (by partition).
 *
 * A stop by a worker (time, memory) ends B at the first chunk it left
 * unfinished: the result is a prefix of the one-thread search.  The
 * model's expand() runs in several threads at once; visit() only in B.
 * Threads meet at two barriers a phase.
 */
#include "search_int.h"
#include "zalloc.h"

#include <pthread.h>
#include <stdatomic.h>

/*
 * Parents a chunk, unless set: big chunks keep parents that share children
 * with one worker, whose cache of recent candidates then drops the
 * repeats; at least PAR_CHUNKS_EACH chunks a thread keep the load even.
 */
#define PAR_CHUNK_MIN 256
#define PAR_CHUNK_MAX 4096
#define PAR_CHUNKS_EACH 8
#define DEDUP_SLOTS 32768	/* 256K: a worker's recent candidates */
_Static_assert((DEDUP_SLOTS & (DEDUP_SLOTS - 1)) == 0, "a mask of the hash");
_Static_assert(PAR_CHUNK_MIN <= PAR_CHUNK_MAX, "chunk size bounds");

enum phase { PH_EXPAND, PH_REPEATS, PH_INSERT };
enum { C_UNSEEN, C_NEW, C_REPEAT };

/* A transition that violated bits not seen before its level. */
struct tviol {
	uint32_t parent, ordinal;
	unsigned viol;
};

struct chunk {
	int worker, done;	/* done: every parent fully expanded */
	uint64_t cand0, cand1;	/* its candidates in the worker's arrays */
	uint64_t tv0, tv1;	/* and its noted violations */
};

/* A level set: the new candidates of one partition, by hash. */
struct lset {
	struct lent {
		uint64_t hash;
		const uint8_t *st;
	} *t;
	uint64_t mask, count;
};

/*
 * Each worker on cache lines of its own: par_emit() writes its fields at
 * every successor, and a line shared with another worker's would bounce
 * between the cores.
 */
#define WORKER_ALIGN 128

struct worker {
	_Alignas(WORKER_ALIGN) struct par *par;
	int id;
	/*
	 * The level's candidates, k = 0 .. ncand - 1, as arrays: phases A and
	 * C read only hashes (and numbers), densely.
	 */
	uint8_t *cst;		/* their states, size bytes each */
	uint64_t *chash;
	uint32_t *cparent, *cord;
	uint8_t *cstatus;	/* A: C_NEW or C_REPEAT */
	uint32_t *cidx;		/* B: the number, NO_PARENT if not stored */
	uint64_t ncand, ccap;
	struct tviol *tv;
	uint64_t ntv, tvcap;
	uint64_t *dedup;	/* DEDUP_SLOTS of (hash tag << 32 | k + 1) */
	/* the expansion under way */
	uint32_t parent, ordinal;
	unsigned chunk_seen;	/* bits noted in this chunk */
	uint8_t *pend;		/* PEND successors waiting for their lookup */
	uint64_t pend_h[PEND];
	uint32_t pend_ord[PEND];
	int npend;
	uint8_t *full;		/* the parent being expanded, unpacked */
	int failed;		/* could not grow a buffer: stop working */
	uint64_t polled;
};

struct par {
	struct search *s;
	int n;			/* threads, this one included */
	pthread_t *tid;
	pthread_barrier_t go, done;
	struct worker *w;
	int nw;			/* workers with buffers (n or more) */
	int open;		/* the start gate (under gate_lock) */
	int quit;
	enum phase phase;
	uint64_t chunksz;	/* parents a chunk */
	/* the level: m states from number lo (level_state()) */
	uint64_t lo, m;
	struct chunk *chunk;
	uint64_t nchunks, chunkcap;
	uint64_t nmerge;	/* chunks before the first unfinished one */
	uint32_t *nsucc;
	uint64_t nsucccap;
	unsigned seen;		/* bits violated before the level */
	struct lset lset[NPARTS];	/* partition p: thread p % n */
	size_t base_bytes;	/* held outside par->bytes, at the phase start */
	atomic_uint_fast64_t next;	/* the next chunk to take */
	atomic_int halt;	/* 0, or why the workers stopped */
	atomic_size_t bytes;	/* the workers' buffers (and, in C, the
				 * visited set's growth until moved) */
	atomic_size_t moved;	/* visited-set growth in C */
	atomic_size_t peak;
};

size_t par_bytes(const struct search *s)
{
	const struct par *par = s->par;

	return par ? atomic_load(&par->bytes) +
		     (size_t)par->chunkcap * sizeof *par->chunk +
		     (size_t)par->nsucccap * sizeof *par->nsucc
		   : 0;
}

static void halt(struct par *par, enum search_stop why)
{
	int none = 0;

	atomic_compare_exchange_strong(&par->halt, &none, (int)why);
}

static void wfail(struct worker *w)
{
	halt(w->par, STOP_MEMORY);
	w->failed = 1;
}

/*
 * May a worker take `more` bytes, within the limit?  Counts them if so.
 * One compare-and-swap: threads together never pass the limit.
 */
static int wtake(struct worker *w, size_t more)
{
	struct par *par = w->par;
	size_t cur = atomic_load(&par->bytes), now, peak;

	do {
		now = par->base_bytes + cur + more;
		if (par->s->lim.max_memory && now > par->s->lim.max_memory) {
			wfail(w);
			return -1;
		}
	} while (!atomic_compare_exchange_weak(&par->bytes, &cur, cur + more));
	peak = atomic_load(&par->peak);
	while (now > peak && !atomic_compare_exchange_weak(&par->peak, &peak, now))
		;
	return 0;
}

static void wgive(struct worker *w, size_t less)
{
	atomic_fetch_sub(&w->par->bytes, less);
}

/* Grow one of a worker's buffers to hold `need` elements. */
static int wgrow(struct worker *w, void **buf, uint64_t *cap, size_t elem,
		 uint64_t need)
{
	uint64_t ncap = *cap ? *cap : GROW_FIRST;
	size_t more;
	void *n;

	while (ncap < need)
		ncap += ncap / 2;
	more = (size_t)(ncap - *cap) * elem;
	if (wtake(w, more))
		return -1;
	if (!(n = realloc(*buf, ncap * elem))) {
		wgive(w, more);
		wfail(w);
		return -1;
	}
	*buf = n;
	*cap = ncap;
	return 0;
}

/* Room for one more candidate in every array. */
static int cand_room(struct worker *w)
{
	size_t size = w->par->s->size;
	uint64_t cap = w->ccap ? w->ccap + w->ccap / 2 : GROW_FIRST;
	size_t more = (size_t)(cap - w->ccap) *
		      (size + 8 + 4 + 4 + 1 + 4);
	void *a;

	if (w->ncand < w->ccap)
		return 0;
	if (wtake(w, more))
		return -1;
#define GROW(f, elem) \
	do { \
		if (!(a = realloc(w->f, cap * (elem)))) \
			goto fail; \
		w->f = a; \
	} while (0)
	GROW(cst, size);
	GROW(chash, sizeof *w->chash);
	GROW(cparent, sizeof *w->cparent);
	GROW(cord, sizeof *w->cord);
	GROW(cstatus, 1);
	GROW(cidx, sizeof *w->cidx);
#undef GROW
	w->ccap = cap;
	return 0;
fail:
	/* the arrays that grew keep their size; ccap is what all can hold */
	wgive(w, more);
	wfail(w);
	return -1;
}

static const uint8_t *cand_state(const struct worker *w, uint64_t k)
{
	return w->cst + k * w->par->s->size;
}

/* ---- E: expansion ---- */

/*
 * Did the worker just take this candidate?  A direct-mapped cache of its
 * recent candidates, small enough to stay in the core's L2: most repeats
 * in a level come from neighbouring parents, and a full table of the
 * level's candidates would cost a cache miss per successor.  What it
 * misses phase A finds.  Remembers the candidate about to be appended.
 */
static int recent(struct worker *w, const uint8_t *st, uint64_t h)
{
	const struct search *s = w->par->s;
	uint64_t i = (h ^ h >> 29) & (DEDUP_SLOTS - 1), e = w->dedup[i];

	if (e && (uint32_t)(e >> 32) == (uint32_t)(h >> 32)) {
		uint64_t k = (uint32_t)e - 1;

		/* with fingerprints, one hash is one state */
		if (w->chash[k] == h &&
		    (s->fp || !memcmp(cand_state(w, k), st, s->size)))
			return 1;
	}
	w->dedup[i] = h >> 32 << 32 | (w->ncand + 1);
	return 0;
}

/* Look the waiting successors up, in order; the new ones are candidates. */
static void flush_pending(struct worker *w)
{
	const struct search *s = w->par->s;

	for (int j = 0; j < w->npend && !w->failed; j++) {
		const uint8_t *st = w->pend + (size_t)j * s->size;
		uint64_t h = w->pend_h[j], k;

		if (known(s, st, h))
			continue;
		/* room first, so that a remembered candidate is stored */
		if (cand_room(w))
			break;
		if (recent(w, st, h))
			continue;
		k = w->ncand++;
		memcpy(w->cst + k * s->size, st, s->size);
		w->chash[k] = h;
		w->cparent[k] = w->parent;
		w->cord[k] = w->pend_ord[j];
		w->cstatus[k] = C_UNSEEN;
		w->cidx[k] = NO_PARENT;
	}
	w->npend = 0;
}

static void par_emit(void *ectx, const uint8_t *next, unsigned viol)
{
	struct worker *w = ectx;
	struct par *par = w->par;
	const struct search *s = par->s;
	uint32_t ord = w->ordinal++;
	unsigned nv = viol & ~par->seen & ~w->chunk_seen;
	uint64_t h;

	if (w->failed)
		return;
	if (nv) {
		if (w->ntv == w->tvcap &&
		    wgrow(w, (void **)&w->tv, &w->tvcap, sizeof *w->tv, w->ntv + 1))
			return;
		w->tv[w->ntv++] = (struct tviol){ w->parent, ord, nv };
		w->chunk_seen |= nv;
	}
	pack_in(s, next, w->pend + (size_t)w->npend * s->size);
	h = hash_state(s, w->pend + (size_t)w->npend * s->size);
	prefetch_slot(s, h);
	w->pend_h[w->npend] = h;
	w->pend_ord[w->npend++] = ord;
	if (w->npend == PEND)
		flush_pending(w);
}

/* Every POLL_EVERY expansions: the clock; thread 0 also shows progress. */
static void par_poll(struct worker *w)
{
	struct search *s = w->par->s;
	double now;

	if ((++w->polled & (POLL_EVERY - 1)) ||
	    (s->lim.timeout <= 0 && !s->lim.progress && !s->lim.interrupt))
		return;
	if (s->lim.interrupt && *s->lim.interrupt)
		halt(w->par, STOP_INTERRUPT);
	now = search_elapsed(s);
	if (s->lim.timeout > 0 && now > s->lim.timeout)
		halt(w->par, STOP_TIME);
	if (w->id == 0 && s->lim.progress && now >= s->next_progress) {
		search_progress(s, now, 0);
		s->next_progress = now + 1;
	}
}

/* Take chunks of the level until none is left. */
static void par_expand(struct worker *w)
{
	struct par *par = w->par;
	const struct search *s = par->s;

	w->ncand = w->ntv = 0;
	memset(w->dedup, 0, DEDUP_SLOTS * sizeof *w->dedup);
	while (!w->failed && !atomic_load_explicit(&par->halt,
						    memory_order_relaxed)) {
		uint64_t c = atomic_fetch_add(&par->next, 1), k, a, b;
		struct chunk *ch;

		if (c >= par->nchunks)
			break;
		ch = &par->chunk[c];
		ch->worker = w->id;
		ch->cand0 = w->ncand;
		ch->tv0 = w->ntv;
		w->chunk_seen = 0;
		a = c * par->chunksz;
		b = a + par->chunksz < par->m ? a + par->chunksz : par->m;
		for (k = a; k < b; k++) {
			if (atomic_load_explicit(&par->halt, memory_order_relaxed))
				break;
			w->parent = (uint32_t)(par->lo + k);
			w->ordinal = 0;
			s->ops->expand(s->ops->ctx,
				       unpacked(s, level_state(s, par->lo,
								       par->lo + k),
						w->full),
				       par_emit, w);
			flush_pending(w);
			if (w->failed)
				break;
			par->nsucc[k] = w->ordinal;
			par_poll(w);
		}
		ch->cand1 = w->ncand;
		ch->tv1 = w->ntv;
		ch->done = k == b;
	}
}

/* ---- walking a partition's candidates ---- */

static int owns(const struct worker *w, uint64_t h)
{
	return (int)(part_of(h) % (unsigned)w->par->n) == w->id;
}

/*
 * The candidates of the level in this worker's partitions, in level
 * order, PEND of them looked at ahead (`ahead` prefetches for one).
 */
struct walk {
	struct worker *w;
	uint64_t c, k;			/* next chunk, next candidate in it */
	struct wref {
		struct worker *w;
		uint64_t k;
	} ring[PEND];
	int head, n;
	void (*ahead)(const struct worker *self, const struct worker *w,
		      uint64_t k);
};

static int walk_next(struct walk *wk, struct worker **w, uint64_t *k)
{
	struct par *par = wk->w->par;

	while (wk->n < PEND && wk->c < par->nmerge) {
		const struct chunk *ch = &par->chunk[wk->c];
		struct worker *o = &par->w[ch->worker];

		if (wk->k < ch->cand0)
			wk->k = ch->cand0;
		if (wk->k >= ch->cand1) {
			wk->c++;
			wk->k = 0;
			continue;
		}
		if (owns(wk->w, o->chash[wk->k])) {
			wk->ahead(wk->w, o, wk->k);
			wk->ring[(wk->head + wk->n++) % PEND] =
				(struct wref){ o, wk->k };
		}
		wk->k++;
	}
	if (!wk->n)
		return 0;
	*w = wk->ring[wk->head].w;
	*k = wk->ring[wk->head].k;
	wk->head = (wk->head + 1) % PEND;
	wk->n--;
	return 1;
}

/* ---- A: repeats ---- */

static int lset_room(struct worker *w, struct lset *l)
{
	/* a power of two, from GROW_FIRST on: the table's mask */
	uint64_t slots = l->t ? l->mask + 1 : 0;
	uint64_t ns = slots ? slots * 2 : GROW_FIRST;
	struct lent *n;

	if ((l->count + 1) * 2 <= slots)
		return 0;
	if (wtake(w, ns * sizeof *n))
		return -1;
	if (!(n = zalloc(ns, sizeof *n))) {
		wgive(w, ns * sizeof *n);
		wfail(w);
		return -1;
	}
	for (uint64_t j = 0; j < slots; j++) {
		uint64_t i;

		if (!l->t[j].st)
			continue;
		for (i = l->t[j].hash & (ns - 1); n[i].st; i = (i + 1) & (ns - 1))
			;
		n[i] = l->t[j];
	}
	free(l->t);
	wgive(w, slots * sizeof *n);
	l->t = n;
	l->mask = ns - 1;
	return 0;
}

/* Is this the first of its state in the level?  Remember it if so. */
static int lset_first(const struct search *s, struct lset *l, uint64_t h,
		      const uint8_t *st)
{
	uint64_t i;

	for (i = h & l->mask; l->t[i].st; i = (i + 1) & l->mask)
		if (l->t[i].hash == h &&
		    (s->fp || !memcmp(l->t[i].st, st, s->size)))
			return 0;
	l->t[i] = (struct lent){ h, st };
	l->count++;
	return 1;
}

static void ahead_lset(const struct worker *self, const struct worker *w,
		       uint64_t k)
{
	const struct lset *l = &self->par->lset[part_of(w->chash[k])];

	if (l->t)
		__builtin_prefetch(&l->t[w->chash[k] & l->mask]);
}

static void par_repeats(struct worker *self)
{
	struct par *par = self->par;
	struct walk wk = { .w = self, .ahead = ahead_lset };
	struct worker *w;
	uint64_t k;

	self->failed = 0;
	for (unsigned p = (unsigned)self->id; p < NPARTS; p += (unsigned)par->n)
		if (par->lset[p].t) {
			memset(par->lset[p].t, 0,
			       (par->lset[p].mask + 1) * sizeof *par->lset[p].t);
			par->lset[p].count = 0;
		}
	while (walk_next(&wk, &w, &k)) {
		uint64_t h = w->chash[k];
		struct lset *l = &par->lset[part_of(h)];

		if (lset_room(self, l))
			break;	/* C_UNSEEN from here: B stops */
		w->cstatus[k] = lset_first(par->s, l, h, cand_state(w, k))
				? C_NEW : C_REPEAT;
	}
}

/* ---- B: numbering ---- */

static void par_number(struct par *par)
{
	struct search *s = par->s;
	uint64_t polled = 0;

	for (uint64_t c = 0; c < par->nmerge; c++) {
		const struct chunk *ch = &par->chunk[c];
		struct worker *w = &par->w[ch->worker];
		uint64_t ci = ch->cand0, ti = ch->tv0, a = c * par->chunksz, b;

		b = a + par->chunksz < par->m ? a + par->chunksz : par->m;
		for (uint64_t k = a; k < b; k++) {
			uint32_t p = (uint32_t)(par->lo + k);

			for (;;) {
				int cd = ci < ch->cand1 && w->cparent[ci] == p;
				const struct tviol *tv =
					ti < ch->tv1 && w->tv[ti].parent == p
					? &w->tv[ti] : NULL;
				int64_t idx;

				if (!cd && !tv)
					break;
				/* a transition's own bits come before the
				 * state it reaches, as on_successor() has it */
				if (tv && (!cd || tv->ordinal <= w->cord[ci])) {
					search_record(s, tv->viol, p, tv->ordinal);
					ti++;
					continue;
				}
				if (w->cstatus[ci] == C_UNSEEN)
					search_stop_at(s, STOP_MEMORY);	/* A ran out */
				/* the copy waits for C, which runs in
				 * parallel */
				if (!s->stopped && w->cstatus[ci] == C_NEW &&
				    (idx = search_store(s, NULL, p, w->cord[ci])) >= 0) {
					w->cidx[ci] = (uint32_t)idx;
					search_record(s, s->ops->visit(s->ops->ctx,
							unpacked(s, cand_state(w, ci),
								 s->vbuf)),
					       (uint32_t)idx, NO_PARENT);
				}
				ci++;
			}
			s->st.transitions += par->nsucc[k];
			tree_parent_done(&s->tree);
			search_poll(s, &polled);
			if (s->stopped)
				return;	/* the serial search ends here too */
		}
	}
	if (par->nmerge < par->nchunks)
		search_stop_at(s, (enum search_stop)atomic_load(&par->halt));
}

/* ---- C: insertion ---- */

/* A partition of the visited set grows: count it as the workers' until
 * the level ends, then as the set's (par_level). */
static int set_grow(struct worker *w, uint64_t h)
{
	struct search *s = w->par->s;
	struct fpset *f = &s->fps[part_of(h)];
	uint64_t n = fpset_next_n(f);
	size_t old = fpset_bytes(f->n), now;

	if (wtake(w, fpset_bytes(n)))
		return -1;
	if (fpset_resize(f, n)) {
		wgive(w, fpset_bytes(n));
		wfail(w);
		return -1;
	}
	now = fpset_bytes(f->n);
	/* the resize took more than asked if its tail overflowed */
	atomic_fetch_add(&w->par->bytes, now - fpset_bytes(n));
	wgive(w, old);
	atomic_fetch_add(&w->par->moved, now - old);
	return 0;
}

static void ahead_set(const struct worker *self, const struct worker *w,
		      uint64_t k)
{
	if (w->cidx[k] != NO_PARENT)
		prefetch_slot(self->par->s, w->chash[k]);
}

/* Where B reserved the copy of state idx: the arena, or the next level,
 * which begins with the number after the level being expanded. */
static uint8_t *state_slot(const struct par *par, uint32_t idx)
{
	const struct search *s = par->s;

	/* B numbers the level's new states after the level itself */
	assert(idx >= par->lo + par->m && idx < s->count);
	return s->fp ? s->next.buf + (idx - (par->lo + par->m)) * s->size
		     : store_at(&s->arena, idx);
}

static void par_insert(struct worker *self)
{
	struct par *par = self->par;
	struct search *s = par->s;
	struct walk wk = { .w = self, .ahead = ahead_set };
	struct worker *w;
	uint64_t k;

	/*
	 * The copies, by ranges of chunks rather than by partition: numbers
	 * follow the chunks, so each thread writes one stretch of the arena,
	 * and no cache line is written by two.
	 */
	for (uint64_t c = par->nmerge * (uint64_t)self->id / (uint64_t)par->n;
	     c < par->nmerge * (uint64_t)(self->id + 1) / (uint64_t)par->n; c++) {
		const struct chunk *ch = &par->chunk[c];

		w = &par->w[ch->worker];
		for (k = ch->cand0; k < ch->cand1; k++)
			if (w->cidx[k] != NO_PARENT)
				memcpy(state_slot(par, w->cidx[k]),
				       cand_state(w, k), s->size);
	}
	self->failed = 0;
	while (!self->failed && walk_next(&wk, &w, &k)) {
		uint64_t h = w->chash[k];
		unsigned p = part_of(h);

		if (w->cidx[k] == NO_PARENT)
			continue;
		struct fpset *f = &s->fps[p];
		uint64_t pos = 0, key = set_key(s, h, w->cidx[k]);
		int fr;

		while ((fr = fpset_find(f, key, &pos)) < 0 ||
		       (!fr && (fpset_full(f) || !fpset_put_ok(f, pos))))
			if (set_grow(self, h))
				break;
		if (!self->failed && !fr)
			fpset_put(f, key, pos);
	}
}

/* ---- threads and levels ---- */

static void par_phase_work(struct worker *w)
{
	switch (w->par->phase) {
	case PH_EXPAND:
		par_expand(w);
		break;
	case PH_REPEATS:
		par_repeats(w);
		break;
	case PH_INSERT:
		par_insert(w);
		break;
	}
}

static void *par_thread(void *arg)
{
	struct worker *w = arg;
	struct par *par = w->par;

	for (;;) {
		pthread_barrier_wait(&par->go);
		if (par->quit)
			return NULL;
		par_phase_work(w);
		pthread_barrier_wait(&par->done);
	}
}

/* One parallel phase, this thread taking part. */
static void par_run(struct par *par, enum phase ph)
{
	struct search *s = par->s;
	size_t peak;

	par->phase = ph;
	par->base_bytes = search_footprint(s) - atomic_load(&par->bytes);
	atomic_store(&par->peak, 0);
	pthread_barrier_wait(&par->go);
	par_phase_work(&par->w[0]);
	pthread_barrier_wait(&par->done);
	peak = atomic_load(&par->peak);
	if (peak > s->st.memory)
		s->st.memory = peak;
}

/* Expand states [lo, lo + m) with every thread, then merge. */
void par_level(struct par *par, uint64_t lo,
		      uint64_t m)
{
	struct search *s = par->s;
	uint64_t nchunks;
	size_t mv;
	void *n;

	par->chunksz = s->lim.par_chunk ? s->lim.par_chunk
					: m / ((uint64_t)par->n * PAR_CHUNKS_EACH);
	if (!s->lim.par_chunk && par->chunksz < PAR_CHUNK_MIN)
		par->chunksz = PAR_CHUNK_MIN;
	if (!s->lim.par_chunk && par->chunksz > PAR_CHUNK_MAX)
		par->chunksz = PAR_CHUNK_MAX;
	nchunks = (m + par->chunksz - 1) / par->chunksz;

	if (nchunks > par->chunkcap || m > par->nsucccap) {
		uint64_t cc = nchunks > par->chunkcap ? nchunks + nchunks / 2
						       : par->chunkcap;
		uint64_t sc = m > par->nsucccap ? m + m / 2 : par->nsucccap;

		if (!search_afford(s, (size_t)(cc - par->chunkcap) * sizeof *par->chunk +
				       (size_t)(sc - par->nsucccap) *
					       sizeof *par->nsucc))
			return;
		if (!(n = search_regrow(s, par->chunk, cc * sizeof *par->chunk)))
			return;
		par->chunk = n;
		par->chunkcap = cc;
		if (!(n = search_regrow(s, par->nsucc, sc * sizeof *par->nsucc)))
			return;
		par->nsucc = n;
		par->nsucccap = sc;
	}
	par->lo = lo;
	par->m = m;
	par->nchunks = nchunks;
	par->seen = s->violated;
	atomic_store(&par->next, 0);
	atomic_store(&par->halt, 0);
	for (int k = 0; k < par->n; k++)
		par->w[k].failed = 0;
	par_run(par, PH_EXPAND);
	for (par->nmerge = 0; par->nmerge < nchunks &&
			      par->chunk[par->nmerge].done; par->nmerge++)
		;
	par_run(par, PH_REPEATS);
	par_number(par);
	/* even after a stop: every stored state is copied and in the set */
	par_run(par, PH_INSERT);
	mv = atomic_exchange(&par->moved, 0);
	atomic_fetch_sub(&par->bytes, mv);
	s->set_bytes += mv;
	if (atomic_load(&par->halt))
		search_stop_at(s, (enum search_stop)atomic_load(&par->halt));
}

void par_free(struct search *s)
{
	struct par *par = s->par;

	if (!par)
		return;
	par->quit = 1;
	pthread_barrier_wait(&par->go);
	for (int k = 1; k < par->n; k++)
		pthread_join(par->tid[k], NULL);
	pthread_barrier_destroy(&par->go);
	pthread_barrier_destroy(&par->done);
	for (int k = 0; k < par->nw; k++) {
		struct worker *w = &par->w[k];

		free(w->cst);
		free(w->chash);
		free(w->cparent);
		free(w->cord);
		free(w->cstatus);
		free(w->cidx);
		free(w->tv);
		free(w->dedup);
		free(w->pend);
		free(w->full);
	}
	for (int p = 0; p < NPARTS; p++)
		free(par->lset[p].t);
	free(par->w);
	free(par->tid);
	free(par->chunk);
	free(par->nsucc);
	free(par);
	s->par = NULL;
}

/*
 * Start up to n - 1 threads.  Those that start wait at a gate until the
 * barriers are made for as many as there are.  Returns -1 if none could
 * start: the search is then serial, and the same.
 */
static pthread_mutex_t gate_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_cond = PTHREAD_COND_INITIALIZER;

static void *par_thread_gated(void *arg)
{
	struct worker *w = arg;

	pthread_mutex_lock(&gate_lock);
	while (!w->par->open)
		pthread_cond_wait(&gate_cond, &gate_lock);
	pthread_mutex_unlock(&gate_lock);
	return par_thread(arg);
}

int par_start(struct search *s, int n)
{
	struct par *par = calloc(1, sizeof *par);
	int k, started = 1;

	if (!par)
		return -1;
	s->par = par;
	par->s = s;
	par->w = aligned_alloc(WORKER_ALIGN, (size_t)n * sizeof *par->w);
	if (par->w)
		memset(par->w, 0, (size_t)n * sizeof *par->w);
	par->tid = calloc((size_t)n, sizeof *par->tid);
	for (k = 0; par->w && par->tid && k < n; k++) {
		struct worker *w = &par->w[k];

		w->par = par;
		w->id = k;
		w->dedup = calloc(DEDUP_SLOTS, sizeof *w->dedup);
		w->pend = malloc(PEND * s->size);
		w->full = malloc(s->full);
		par->nw = k + 1;	/* par_free() frees what there is */
		if (!w->dedup || !w->pend || !w->full)
			break;
		atomic_fetch_add(&par->bytes, DEDUP_SLOTS * sizeof *w->dedup +
						      PEND * s->size + s->full);
	}
	if (k == n)
		for (; started < n; started++)
			if (pthread_create(&par->tid[started], NULL,
					   par_thread_gated, &par->w[started]))
				break;
	par->n = started;
	pthread_barrier_init(&par->go, NULL, (unsigned)started);
	pthread_barrier_init(&par->done, NULL, (unsigned)started);
	pthread_mutex_lock(&gate_lock);
	par->open = 1;
	pthread_cond_broadcast(&gate_cond);
	pthread_mutex_unlock(&gate_lock);
	if (started == 1) {
		par_free(s);
		return -1;
	}
	search_note_memory(s);
	return 0;
}
