/* SPDX-License-Identifier: MIT */
/*
 * main.c - the flushcheck command: options, files, wiring.  No logic of its
 * own: it reads files, hands text to the language layer, programs to the
 * checker and results to a reporter.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../check/check.h"
#include "../check/plan.h"
#include "../lang/frontend.h"
#include "../lang/limits.h"
#include "../lang/policy.h"
#include "../report/report.h"
#include "args.h"

#define FC_VERSION "0.1.0"
#define MAX_JOBS 256		/* -j: more threads than that is a typo */
#define MAX_SETS 64		/* --set options */
#define MAX_POLICIES 32		/* --policy options: the matrix has room for
				 * them beside every built-in policy */
/* runs of one file: a policy per expect line and `policy =` */
#define MAX_FILE_RUNS (FC_MAX_EXPECTS + 1)
_Static_assert(MAX_POLICIES <= MAX_FILE_RUNS,
	       "every --policy asked for runs on each file");

enum { EXIT_OK, EXIT_FAIL, EXIT_INPUT, EXIT_INCOMPLETE };

/* `git describe --always --dirty` at build time, or "unknown" (the
 * Makefile writes it into build/version.c) */
extern const char fc_commit[];

struct opts {
	struct load_opts load;
	const char *sets[MAX_SETS];
	/* --policy: a built-in name, or a file (text kept, freed at exit) */
	struct plan_user_policy upol[MAX_POLICIES];
	int npolicies;
	struct search_limits lim;
	struct report_opts rep;
	int json;
	int matrix;
	int differ;		/* --differ: the rows where policies differ */
	enum matrix_form matrix_form;
	unsigned reduce;	/* REDUCE_*: all unless --reduce says */
	int shortest;		/* --shortest */
	const char *like;	/* --like: judge other policies by its lines */
	const char *only;	/* --only PATTERN: files whose name matches */
	int show_armv8;		/* --show-armv8: print, do not run */
	struct html *html;	/* --html DIR */
	FILE *dot;		/* --dot FILE: stdout for - */
	int dot_stdout;		/* --dot -: stdout holds only the digraphs */
	char *machine_text;
	struct arena parsed;	/* --policy files' headers */
};

struct tally {
	int runs, passed, failed, incomplete, errors;
	int unlike;		/* files with no expect line for --like */
	int not_started;	/* runs left when Ctrl-C came */
	int files;		/* files read: none from an input is an error */
};

/* Does any expect line of p judge a run under name (`*` included)? */
static int has_expect_for(const struct program *p, const char *name)
{
	for (int k = 0; k < p->nexpects; k++)
		if (expect_applies(&p->expects[k], name))
			return 1;
	return 0;
}

/* --reduce none|all|NAME[,NAME...]: names from model.h's one list */
static int parse_reduce(const char *arg, unsigned *out)
{
	unsigned r = 0;
	const char *p = arg;

	while (*p) {
		size_t n = strcspn(p, ",");
		int k = -1;

		if (n == 4 && !strncmp(p, "none", 4)) {
			k = RED_COUNT;		/* adds nothing */
		} else if (n == 3 && !strncmp(p, "all", 3)) {
			r |= REDUCE_ALL;
			k = RED_COUNT;
		} else {
			for (k = RED_COUNT - 1; k >= 0; k--)
				if (strlen(reduction_names[k]) == n &&
				    !strncmp(reduction_names[k], p, n))
					break;
			if (k >= 0)
				r |= 1u << k;
		}
		if (k < 0) {
			fprintf(stderr, "flushcheck: --reduce %s: unknown reduction "
				"'%.*s' (none, all", arg, (int)n, p);
			for (k = 0; k < RED_COUNT; k++)
				fprintf(stderr, ", %s", reduction_names[k]);
			fprintf(stderr, ")\n");
			return -1;
		}
		p += n + (p[n] == ',');
	}
	*out = r;
	return 0;
}


static void usage(FILE *f)
{
	fputs("usage: flushcheck [options] FILE.flush|DIR|-...\n"
	      "\n"
	      "Explores every interleaving and hardware behaviour of each\n"
	      "scenario and reports stale data, lost writes and faults, with the\n"
	      "shortest counterexample as CPU columns.  A DIR means every .flush\n"
	      "file below it; - reads one scenario from standard input.\n"
	      "\n"
	      "  --machine NAME|FILE   machine preset or file (overrides the scenario's)\n"
	      "  --policy NAME|FILE    run under this policy (repeatable); FILE.pol is\n"
	      "                        a policy of your own\n"
	      "  --only PATTERN        run only the files whose name (without folder\n"
	      "                        or .flush) matches the glob PATTERN\n"
	      "  --first               stop each search at its first violation, as\n"
	      "                        SPIN does (the rest of the verdict: incomplete)\n"
	      "  --differ              --matrix with only the rows where the policies'\n"
	      "                        verdicts differ\n"
	      "  --like NAME           judge each policy that a file names in no expect\n"
	      "                        line by NAME's lines (a copy of arm64 by arm64's):\n"
	      "                        a ! and exit 1 then mean a regression\n"
	      "  --matrix[=short|long] one table: scenarios x policies, a verdict per\n"
	      "                        cell: short codes with a legend (fits 120\n"
	      "                        columns), or long, in words\n"
	      "  --list-policies       list the built-in policies\n"
	      "  --set KEY=VALUE       override one machine parameter (repeatable)\n"
	      "  --reduce LIST         search reductions, each proven against the plain\n"
	      "                        search: all (default), none (the plain search),\n"
	      "                        or a list of spec (I-caches hold sets of\n"
	      "                        versions instead of exploring every moment of\n"
	      "                        a speculative fill) and symmetry (CPUs running\n"
	      "                        the same program, unnamed by the condition, are\n"
	      "                        interchangeable) and por (one CPU's step alone\n"
	      "                        where it is independent of all else).  Every\n"
	      "                        counterexample printed is a trace of the plain\n"
	      "                        model, found again there\n"
	      "  --shortest            make every counterexample a shortest one of the\n"
	      "                        plain model (a breadth-first search of it to the\n"
	      "                        first violation; a plain --bfs run has them)\n"
	      "  --bfs, --dfs          search order (default breadth-first: shortest\n"
	      "                        counterexamples)\n"
	      "  --fingerprint         keep 64-bit fingerprints of the states seen, not\n"
	      "                        the states (about 16 bytes a state): a verdict is\n"
	      "                        then probabilistic, with the collision probability\n"
	      "                        reported\n"
	      "  -j N, --jobs N        expand each breadth-first level with N threads:\n"
	      "                        the same states, verdicts and counterexamples as\n"
	      "                        with one (default 1; not with --dfs)\n"
	      "  --max-states N        stop after N states (verdict incomplete); k, M, G\n"
	      "                        are powers of 1000: 20k, 1M\n"
	      "  --max-memory SIZE     stop before the search holds SIZE bytes; K, M, G,\n"
	      "                        T are powers of 1024: 512M, 1G (default three\n"
	      "                        quarters of the RAM)\n"
	      "  --timeout TIME        stop after this long: 90s, 5m, 1h (bare: seconds)\n"
	      "  --json                JSON lines: a record per run and per input\n"
	      "                        error, or the matrix (docs/json.md)\n"
"  --html DIR            also write a static report into DIR: index.html,\n"
	      "                        the matrix as a page, and runs/SCENARIO--POLICY\n"
	      "                        .html, each counterexample drawn as CPU lanes\n"
	      "                        (inline SVG, no script; it prints)\n"
	      "  --dot FILE            also write each counterexample as a Graphviz\n"
	      "                        digraph into FILE; --dot - to standard output,\n"
	      "                        which then holds only the digraphs\n"
	      "  -q, --quiet           no counterexample tables or outcome lists\n"
	      "  --list-machines       list the built-in machine presets\n"
	      "  --show-machine NAME|FILE  check and print a machine's parameters and\n"
	      "                        colours (a preset, or a machine file)\n"
	      "  --show-policy NAME    print a built-in policy's source\n"
	      "  --show-armv8          print the Armv8 instructions a scenario\n"
	      "                        becomes on a `model = armv8` machine,\n"
	      "                        per policy, instead of running it\n"
	      "  --version             print the version and the commit built from\n"
	      "  -h, --help            print this help\n"
	      "\n"
	      "Exit status: 0 every expect holds, 1 one does not (or a scenario\n"
	      "without expect lines violates an oracle), 2 usage or input error,\n"
	      "3 a limit stopped a search before it finished.\n"
	      "\n"
	      "When stderr is a terminal, a search that takes more than a second\n"
	      "shows one line of progress there (states, depth, states/s, memory),\n"
	      "cleared when it ends.\n", f);
}

static const char *file_kind(mode_t m)
{
	return S_ISDIR(m) ? "a directory" : S_ISFIFO(m) ? "a FIFO"
	     : S_ISCHR(m) ? "a character device" : S_ISBLK(m) ? "a block device"
	     : S_ISSOCK(m) ? "a socket" : "not a regular file";
}

/*
 * The whole of a regular file, NUL-terminated; NULL with err filled in.
 * Opened non-blocking and checked with fstat before any read, so that a
 * FIFO, a device or a terminal given as a scenario is refused at once
 * instead of blocking or being read forever; the size is capped
 * (limits.h) and read once more than the cap, for a file still growing.
 */
static char *read_file(const char *path, char *err, size_t errlen)
{
	/* `-`: standard input, whatever it is, read to its end */
	int in = !strcmp(path, "-");
	int fd = in ? dup(STDIN_FILENO)
		    : open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat st = { 0 };	/* st_mode 0 if fstat fails: not regular */
	char *buf;
	size_t n = 0;

	if (fd < 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		return NULL;
	}
	if (!in && (fstat(fd, &st) || !S_ISREG(st.st_mode) ||
		    st.st_size > FC_MAX_FILE_BYTES)) {
		if (!S_ISREG(st.st_mode))
			snprintf(err, errlen, "%s: only regular files are read",
				 file_kind(st.st_mode));
		else
			snprintf(err, errlen, "file larger than %ld bytes",
				 FC_MAX_FILE_BYTES);
		close(fd);
		return NULL;
	}
	buf = malloc((size_t)FC_MAX_FILE_BYTES + 1);
	if (!buf) {
		close(fd);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	for (;;) {
		ssize_t r = read(fd, buf + n, (size_t)FC_MAX_FILE_BYTES + 1 - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			snprintf(err, errlen, "%s", strerror(errno));
			close(fd);
			free(buf);
			return NULL;
		}
		n += (size_t)r;
		if (r == 0 || n > (size_t)FC_MAX_FILE_BYTES)
			break;
	}
	close(fd);
	if (n > (size_t)FC_MAX_FILE_BYTES) {
		snprintf(err, errlen, "file larger than %ld bytes",
			 FC_MAX_FILE_BYTES);
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	if (memchr(buf, '\0', n)) {
		size_t at = (size_t)((char *)memchr(buf, '\0', n) - buf);
		int line = 1, col = 1;

		/* lines end as the lexer ends them: LF, CRLF or CR */
		for (size_t k = 0; k < at; k++, col++)
			if (buf[k] == '\n' || (buf[k] == '\r' && buf[k + 1] != '\n'))
				line++, col = 0;
		snprintf(err, errlen, "%d:%d: NUL byte in a text file", line, col);
		free(buf);
		return NULL;
	}
	return buf;
}

/*
 * --max-memory, --max-states, --timeout: a quantity (args.h) above zero, or
 * a usage error naming the option.
 */
static double quantity_arg(const char *opt, const char *arg, enum quantity q)
{
	char err[160];
	double v;

	if (parse_quantity(arg, q, &v, err, sizeof err)) {
		fprintf(stderr, "flushcheck: %s %s: %s\n", opt, arg, err);
		exit(EXIT_INPUT);
	}
	if (v <= 0) {
		fprintf(stderr, "flushcheck: %s %s: must be more than 0\n",
			opt, arg);
		exit(EXIT_INPUT);
	}
	return v;
}

/* ---- policies --------------------------------------------------------- */

/* The policy set for a name (plan.h): a --policy file, a built-in. */
static int policy_set(struct arena *a, const struct opts *o, const char *name,
		      struct polset *ps, struct diag *d)
{
	return plan_polset(a, name, o->upol, o->npolicies, ps, d);
}

/* ---- progress ------------------------------------------------------------ */

/*
 * The one-line progress display on a terminal's stderr.  The explorer
 * calls back about once a second (search.h); this only formats.  The line
 * is cut to the terminal's width: a line that wrapped could not be
 * rewritten in place with a carriage return.
 */
struct progress {
	const char *test, *policy;	/* the run under way */
	double last_t;
	uint64_t last_states;
	int cols;
};

/* 1234567 -> "1.2M" (powers of 1000 for counts, of 1024 for bytes) */
static const char *scaled(double v, double base, char *buf, size_t len)
{
	static const char unit[] = " KMGT";
	int u = 0;

	while (v >= base && u < 4) {
		v /= base;
		u++;
	}
	if (u == 0)
		snprintf(buf, len, "%.0f", v);
	else
		snprintf(buf, len, "%.1f%c", v, unit[u]);
	return buf;
}

static void show_progress(void *ctx, const struct search_stats *st, int done)
{
	struct progress *pg = ctx;
	char line[512], a[32], b[32], c[32];
	double dt = st->seconds - pg->last_t;
	double rate = dt > 0 ? (double)(st->states - pg->last_states) / dt : 0;
	int n;

	if (done) {
		fputs("\r\033[K", stderr);	/* clear the line */
		pg->last_t = 0;
		pg->last_states = 0;
		return;
	}
	n = snprintf(line, sizeof line,
		     "%s (%s): %s states, depth %u, %s states/s, %sB, %.0f s",
		     pg->test, pg->policy, scaled((double)st->states, 1000, a, sizeof a),
		     st->depth, scaled(rate, 1000, b, sizeof b),
		     scaled((double)st->memory, 1024, c, sizeof c), st->seconds);
	if (n >= pg->cols)
		line[pg->cols > 1 ? pg->cols - 1 : 0] = '\0';
	fprintf(stderr, "\r%s\033[K", line);
	pg->last_t = st->seconds;
	pg->last_states = st->states;
}

static struct progress progress;

/*
 * Ctrl-C: the first stops the search under way as a limit would (its
 * block is printed, incomplete, "interrupted") and no further run starts;
 * SA_RESETHAND gives the second the default action, which ends at once.
 */
static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

static void interrupt_setup(struct search_limits *lim)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	lim->interrupt = &interrupted;
}

/* On a terminal only: stderr redirected to a file gets no \r lines. */
static void progress_setup(struct search_limits *lim)
{
	struct winsize ws;

	if (!isatty(STDERR_FILENO))
		return;
	progress.cols = 80;
	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		progress.cols = ws.ws_col;
	lim->progress = show_progress;
	lim->progress_ctx = &progress;
}

/* ---- input errors ------------------------------------------------------- */

/* --json: each input error is also an "error" record on stdout. */
static int json_errors;

/*
 * An input error (exit status 2): FILE:LINE:COL: MESSAGE on stderr, or
 * FILE: MESSAGE without a place, or flushcheck: MESSAGE without a file (the
 * command line's); with --json also a record (docs/json.md), policy
 * naming the run it belongs to, if one.
 */
static void input_error(const char *file, int line, int col,
			const char *policy, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (!file)
		fprintf(stderr, "flushcheck: %s\n", msg);
	else if (line)
		fprintf(stderr, "%s:%d:%d: %s\n", file, line, col, msg);
	else
		fprintf(stderr, "%s: %s\n", file, msg);
	if (json_errors)
		report_json_error(stdout, file, line, col, policy, msg);
}

/* ---- one scenario ------------------------------------------------------- */

static void print_diag(const struct diag *d, const char *path,
		       const char *policy)
{
	input_error(d->file ? d->file : path, d->line, d->col, policy, "%s",
		    d->msg);
}

/* Load the scenario against policy `pol` and check it. */
/* Does a message start with its place, "FILE:LINE:COL: "? */
static int has_place(const char *msg)
{
	const char *c = strchr(msg, ':');
	int line, col, n = 0;

	return c && sscanf(c, ":%d:%d: %n", &line, &col, &n) == 2 && n > 0;
}

/* An error of a run: at its place when it names one, else the file's. */
static void run_error(const char *file, const char *policy, const char *msg)
{
	const char *c = strchr(msg, ':');
	int line, col, n = 0;
	char place[512];

	if (has_place(msg) && (size_t)(c - msg) < sizeof place &&
	    sscanf(c, ":%d:%d: %n", &line, &col, &n) == 2) {
		snprintf(place, sizeof place, "%.*s", (int)(c - msg), msg);
		input_error(place, line, col, policy, "%s", c + n);
	} else {
		input_error(file, 1, 1, policy, "%s", msg);
	}
}

/* --show-armv8: the program the relaxed model would run, as assembly. */
static void show_armv8(const struct program *p, const char *pol,
		       struct tally *t)
{
	char err[256];
	struct model *m = model_new(p, 0, err, sizeof err);

	if (!m) {
		run_error(p->file, pol, err);
		t->errors++;
		return;
	}
	if (!model_arm_program(m)) {
		input_error(p->file, 1, 1, pol, "not on the relaxed model (the "
			    "machine says model = sc)");
		t->errors++;
	} else {
		printf("# %s, policy %s\n", p->name, pol ? pol : "-");
		report_arm_program(stdout, model_arm_program(m));
		putchar('\n');
		t->passed++;
	}
	model_free(m);
}

static void run_policy(const char *path, const char *src, const char *pol,
		       const struct opts *o, struct tally *t,
		       struct matrix *mx)
{
	struct arena a = { 0 };
	struct diag d = { 0 };
	struct polset ps;
	struct program *p;
	struct result r;

	if (interrupted) {
		t->not_started++;
		return;
	}
	t->runs++;
	if (policy_set(&a, o, pol, &ps, &d)) {
		if (!d.line)
			d.file = path;
		print_diag(&d, path, pol);
		t->errors++;
		arena_free(&a);
		return;
	}
	p = frontend_load(&a, path, src, &o->load, &ps, &d);
	if (!p) {
		print_diag(&d, path, pol);
		t->errors++;
		arena_free(&a);
		return;
	}
	if (o->show_armv8) {
		show_armv8(p, pol, t);
		arena_free(&a);
		return;
	}
	progress.test = path;	/* which file, in a run over many */
	progress.policy = pol;
	if (check_run_opts(p, pol, &o->lim, o->reduce, o->shortest, &r)) {
		run_error(p->file, pol, r.error);
		t->errors++;
		check_free(&r);
		arena_free(&a);
		return;
	}
	/*
	 * --like: a policy the file has no expect line or setting for is
	 * judged by the lines of the one named, so that its regressions
	 * fail as that policy's would.
	 */
	if (o->like && strcmp(pol, o->like)) {
		int col;

		if (!plan_named_at(p, pol, &col))
			check_judge(p, &r, o->like);
	}
	if (o->dot)
		report_dot(o->dot, &r);
	if (o->html) {
		char herr[512];

		if (html_add(o->html, &r, herr, sizeof herr)) {
			fprintf(stderr, "flushcheck: %s\n", herr);
			t->errors++;
		}
	}
	if (o->dot_stdout)
		;	/* stdout is the digraphs' */
	else if (o->json && !o->matrix)
		report_json(stdout, &r);
	else if (!o->json && !o->matrix && p->arm)
		report_herd(stdout, &r);
	else if (!o->json && !o->matrix)
		report_text(stdout, &r, &o->rep);
	if (result_passed(&r))
		t->passed++;
	else if (r.failed)
		t->failed++;
	else
		t->incomplete++;
	if (o->matrix || o->html)
		matrix_add(mx, &r);
	if (!o->json && !o->matrix && !o->dot_stdout)
		fputc('\n', stdout);
	fflush(stdout);
	check_free(&r);
	arena_free(&a);
}

/* --only PATTERN: a glob on the file's name, without folder or ending */
static int selected(const char *path, const struct opts *o)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	char stem[256];

	if (!o->only)
		return 1;
	snprintf(stem, sizeof stem, "%.*s", (int)strcspn(base, "."), base);
	return fnmatch(o->only, stem, 0) == 0 || fnmatch(o->only, base, 0) == 0;
}

static void run_file(const char *path, const struct opts *o, struct tally *t,
		     struct matrix *mx)
{
	char err[256];
	char *src = read_file(path, err, sizeof err);
	struct arena a = { 0 };
	struct diag d = { 0 };
	struct program *p;
	const char *pols[MAX_FILE_RUNS], *asked[MAX_POLICIES];
	int np;

	if (!selected(path, o)) {
		free(src);
		return;
	}
	t->files++;
	if (!src) {
		int line, col, n = 0;

		if (sscanf(err, "%d:%d: %n", &line, &col, &n) == 2 && n > 0)
			input_error(path, line, col, NULL, "%s", err + n);
		else
			input_error(path, 1, 1, NULL, "cannot read: %s", err);
		t->errors++;
		return;
	}
	/* the scenario against asm-generic alone: its syntax, its expects */
	p = frontend_load(&a, path, src, &o->load, NULL, &d);
	if (!p) {
		print_diag(&d, path, NULL);
		t->errors++;
	} else if (o->like && !has_expect_for(p, o->like)) {
		t->unlike++;	/* nothing to judge a policy like o->like by */
	} else {
		for (int k = 0; k < o->npolicies; k++)
			asked[k] = o->upol[k].name;
		np = plan_policies(p, asked, o->npolicies, pols, MAX_FILE_RUNS);
		for (int k = 0; k < np; k++) {
			int line, col;

			/* an unknown policy the scenario names is an error
			 * at its expect line or `policy =` setting */
			if (!plan_policy_known(pols[k], o->upol, o->npolicies) &&
			    (line = plan_named_at(p, pols[k], &col))) {
				char dym[96];

				input_error(path, line, col, pols[k],
					    "unknown policy '%s'%s (built-in: see "
					    "--list-policies; or --policy "
					    "FILE.pol)", pols[k],
					    plan_policy_hint(pols[k], o->upol,
							 o->npolicies, dym,
							 sizeof dym));
				t->runs++;
				t->errors++;
				continue;
			}
			run_policy(path, src, pols[k], o, t, mx);
		}
	}
	arena_free(&a);
	free(src);
}

/* ---- files and directories ------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

/*
 * The directories one command-line directory's walk has entered, by
 * device and inode: links are followed, but never into a directory seen
 * before, so a link back to an ancestor (or two links to one folder)
 * cannot make the walk loop or grow exponentially.
 */
struct walk {
	struct { dev_t dev; ino_t ino; } *seen;
	int n, cap;
};

/* 1 if dir was seen before; else remember it and return 0. */
static int walk_seen(struct walk *w, const struct stat *st)
{
	for (int k = 0; k < w->n; k++)
		if (w->seen[k].dev == st->st_dev && w->seen[k].ino == st->st_ino)
			return 1;
	if (w->n == w->cap) {
		int cap = w->cap ? w->cap * 2 : 16;
		void *ns = realloc(w->seen, sizeof *w->seen * (size_t)cap);

		if (!ns) {
			fprintf(stderr, "flushcheck: out of memory\n");
			exit(EXIT_INPUT);
		}
		w->seen = ns;
		w->cap = cap;
	}
	w->seen[w->n].dev = st->st_dev;
	w->seen[w->n++].ino = st->st_ino;
	return 0;
}

static void run_dir(const char *dir, const struct opts *o, struct tally *t,
		    struct matrix *mx, struct walk *w, int depth)
{
	DIR *d;
	struct dirent *e;
	char **names = NULL;
	int n = 0, cap = 0;
	struct stat st;

	if (stat(dir, &st) == 0 && walk_seen(w, &st))
		return;		/* a link into a directory already walked */
	d = depth > FC_MAX_DIR_DEPTH ? NULL : opendir(dir);
	if (!d) {
		if (depth > FC_MAX_DIR_DEPTH)
			input_error(dir, 1, 1, NULL, "cannot read directory: "
				    "more than %d levels below the command "
				    "line's", FC_MAX_DIR_DEPTH);
		else
			input_error(dir, 1, 1, NULL, "cannot read directory: %s",
				    strerror(errno));
		t->errors++;
		return;
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			char **nn;

			cap = cap ? cap * 2 : 32;
			nn = realloc(names, sizeof *names * (size_t)cap);
			if (!nn)
				break;
			names = nn;
		}
		names[n] = malloc(strlen(dir) + strlen(e->d_name) + 2);
		if (!names[n])
			break;
		sprintf(names[n], "%s/%s", dir, e->d_name);
		n++;
	}
	closedir(d);
	qsort(names, (size_t)n, sizeof *names, cmp_str);
	for (int k = 0; k < n; k++) {
		if (stat(names[k], &st) == 0 && S_ISDIR(st.st_mode))
			run_dir(names[k], o, t, mx, w, depth + 1);
		else if (frontend_for(names[k]))
			run_file(names[k], o, t, mx);
		free(names[k]);
	}
	free(names);
}

/* --list-machines, --list-policies: the description from column 18,
 * wrapped under it, every line at most 100 columns */
#define LIST_INDENT 18
#define LIST_WIDTH 100

static int list_machines(void)
{
	for (int k = 0; k < preset_count(); k++) {
		struct machine m;
		struct diag d = { 0 };

		if (preset_load(&m, preset_name(k), &d) == 0)
			print_wrapped(stdout, m.name, m.about, LIST_INDENT,
				      LIST_WIDTH);
	}
	return EXIT_OK;
}

/*
 * --show-machine NAME|FILE: a preset's parameters, or a machine file's,
 * checked as a scenario would load it, with the colours they give.
 */
static int show_machine(const char *name)
{
	struct machine m;
	struct diag d = { 0 };
	char buf[2048], err[256];

	if (machine_name_is_file(name)) {
		char *text = read_file(name, err, sizeof err);

		if (!text) {
			fprintf(stderr, "%s:1:1: cannot read: %s\n", name, err);
			return EXIT_INPUT;
		}
		machine_defaults(&m);
		snprintf(m.name, sizeof m.name, "%s", name);
		if (machine_file_load(&m, name, text, &d) ||
		    machine_validate(&m, d.msg, sizeof d.msg)) {
			fprintf(stderr, "%s:%d:%d: %s\n", name,
				d.line ? d.line : 1, d.col ? d.col : 1, d.msg);
			free(text);
			return EXIT_INPUT;
		}
		free(text);
	} else if (preset_load(&m, name, &d)) {
		fprintf(stderr, "flushcheck: %s (see --list-machines)\n", d.msg);
		return EXIT_INPUT;
	}
	machine_format(&m, buf, sizeof buf);
	fputs(buf, stdout);
	printf("# D-cache colours: %lu, I-cache colours: %lu\n",
	       m.d.index == IDX_VIVT ? 0 : machine_ncolours(&m, &m.d),
	       m.i.index == IDX_VIVT ? 0 : machine_ncolours(&m, &m.i));
	return EXIT_OK;
}

/* --show-policy NAME: a built-in policy's source, to start one from. */
static int show_policy(const char *name)
{
	const char *text = builtin_policy_text(name);

	if (!text) {
		char dym[96];

		fprintf(stderr, "flushcheck: unknown policy '%s'%s (see "
			"--list-policies)\n", name,
			plan_policy_hint(name, NULL, 0, dym, sizeof dym));
		return EXIT_INPUT;
	}
	fputs(text, stdout);
	return EXIT_OK;
}

static int list_policies(void)
{
	for (int k = 0; k < builtin_policy_count(); k++) {
		struct arena a = { 0 };
		struct diag d = { 0 };
		const char *name = builtin_policy_name(k);
		struct pol_file *f = policy_parse(&a, name,
						  builtin_policy_text(name), &d);

		if (strcmp(name, "linux") && strcmp(name, "asm-generic"))
			print_wrapped(stdout, name, f && f->doc ? f->doc : "",
				      LIST_INDENT, LIST_WIDTH);
		arena_free(&a);
	}
	return EXIT_OK;
}

/* --policy NAME (built-in) or FILE.pol (read now, named by its header). */
static void add_policy(struct opts *o, const char *arg)
{
	struct plan_user_policy *u = &o->upol[o->npolicies];
	char *text;
	struct diag d = { 0 };
	struct polset ps;
	char err[256];

	memset(u, 0, sizeof *u);
	if (!strchr(arg, '/') && !ends_with(arg, ".pol")) {
		u->name = arg;
		o->npolicies++;
		return;
	}
	u->file = arg;
	u->text = text = read_file(arg, err, sizeof err);
	if (!text) {
		input_error(arg, 1, 1, NULL, "cannot read: %s", err);
		exit(EXIT_INPUT);
	}
	/* parse and check it now, once, rather than once per scenario */
	if (polset_load(&o->parsed, &ps, NULL, arg, u->text, &d)) {
		print_diag(&d, arg, NULL);
		exit(EXIT_INPUT);
	}
	u->name = ps.policy->name;
	o->npolicies++;
}

static int need_arg(int argc, char **argv, int k)
{
	if (k + 1 >= argc) {
		fprintf(stderr, "flushcheck: %s needs an argument\n", argv[k]);
		exit(EXIT_INPUT);
	}
	return k + 1;
}

static void set_machine(struct opts *o, const char *arg)
{
	char err[256];

	if (preset_text(arg)) {
		o->load.machine_name = arg;
		return;
	}
	if (!machine_name_is_file(arg)) {
		char dym[96];

		fprintf(stderr, "flushcheck: unknown machine '%s'%s "
			"(see --list-machines)\n", arg,
			preset_hint(arg, dym, sizeof dym));
		exit(EXIT_INPUT);
	}
	o->machine_text = read_file(arg, err, sizeof err);
	if (!o->machine_text) {
		input_error(arg, 1, 1, NULL, "cannot read: %s", err);
		exit(EXIT_INPUT);
	}
	o->load.machine_text = o->machine_text;
	o->load.machine_file = arg;
}

int main(int argc, char **argv)
{
	struct opts o = { 0 };
	struct tally t = { 0 };
	struct matrix *mx;

	static int legend_done;

	o.load.read_file = read_file;	/* machine = ./x.machine */
	o.rep.legend_done = &legend_done;
	const char *inputs[argc];	/* every input is run: none dropped */
	int ninputs = 0;

	o.load.sets = o.sets;
	o.reduce = REDUCE_ALL;
	/* before the options: --policy and --machine files read at once */
	for (int k = 1; k < argc; k++)
		json_errors |= !strcmp(argv[k], "--json");
	for (int k = 1; k < argc; k++) {
		const char *a = argv[k];

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return EXIT_OK;
		} else if (!strcmp(a, "--version")) {
			printf("flushcheck %s (commit %s)\n", FC_VERSION,
			       fc_commit);
			return EXIT_OK;
		} else if (!strcmp(a, "--list-machines")) {
			return list_machines();
		} else if (!strcmp(a, "--show-armv8")) {
			o.show_armv8 = 1;
		} else if (!strcmp(a, "--show-machine")) {
			return show_machine(argv[need_arg(argc, argv, k)]);
		} else if (!strcmp(a, "--show-policy")) {
			return show_policy(argv[need_arg(argc, argv, k)]);
		} else if (!strcmp(a, "--machine")) {
			set_machine(&o, argv[k = need_arg(argc, argv, k)]);
		} else if (!strcmp(a, "--policy")) {
			k = need_arg(argc, argv, k);
			if (o.npolicies == MAX_POLICIES) {
				fprintf(stderr, "flushcheck: more than %d --policy "
					"options\n", MAX_POLICIES);
				return EXIT_INPUT;
			}
			add_policy(&o, argv[k]);
		} else if (!strcmp(a, "--only")) {
			k = need_arg(argc, argv, k);
			o.only = argv[k];
		} else if (!strcmp(a, "--first")) {
			o.lim.first = 1;
		} else if (!strcmp(a, "--differ")) {
			o.matrix = 1;
			o.differ = 1;
		} else if (!strcmp(a, "--like")) {
			k = need_arg(argc, argv, k);
			o.like = argv[k];
		} else if (!strcmp(a, "--matrix") ||
			   !strcmp(a, "--matrix=short")) {
			o.matrix = 1;
			o.matrix_form = MATRIX_SHORT;
		} else if (!strcmp(a, "--matrix=long")) {
			o.matrix = 1;
			o.matrix_form = MATRIX_LONG;
		} else if (!strcmp(a, "--list-policies")) {
			return list_policies();
		} else if (!strcmp(a, "--set")) {
			k = need_arg(argc, argv, k);
			if (!strchr(argv[k], '=')) {
				fprintf(stderr, "flushcheck: --set %s: expected "
					"KEY=VALUE\n", argv[k]);
				return EXIT_INPUT;
			}
			if (o.load.nsets == MAX_SETS) {
				fprintf(stderr, "flushcheck: more than %d --set "
					"options\n", MAX_SETS);
				return EXIT_INPUT;
			}
			o.sets[o.load.nsets++] = argv[k];
		} else if (!strcmp(a, "--reduce")) {
			k = need_arg(argc, argv, k);
			if (parse_reduce(argv[k], &o.reduce))
				return EXIT_INPUT;
		} else if (!strcmp(a, "--shortest")) {
			o.shortest = 1;
		} else if (!strcmp(a, "--bfs")) {
			o.lim.dfs = 0;
		} else if (!strcmp(a, "--dfs")) {
			o.lim.dfs = 1;
		} else if (!strcmp(a, "--fingerprint")) {
			o.lim.fingerprint = 1;
		} else if (!strcmp(a, "-j") || !strcmp(a, "--jobs") ||
			   (!strncmp(a, "-j", 2) && a[2] >= '0' && a[2] <= '9')) {
			const char *v = a[2] && a[1] == 'j' ? a + 2
							  : argv[k = need_arg(argc, argv, k)];
			char *end;
			long n = strtol(v, &end, 10);

			if (*end || end == v || n < 1 || n > MAX_JOBS) {
				fprintf(stderr, "flushcheck: -j takes a number of "
					"threads from 1 to %d\n", MAX_JOBS);
				return EXIT_INPUT;
			}
			o.lim.threads = (int)n;
		} else if (!strcmp(a, "--max-states")) {
			k = need_arg(argc, argv, k);
			o.lim.max_states = (uint64_t)quantity_arg(a, argv[k],
								  Q_COUNT);
		} else if (!strcmp(a, "--max-memory")) {
			k = need_arg(argc, argv, k);
			o.lim.max_memory = (size_t)quantity_arg(a, argv[k],
								Q_BYTES);
			if (!o.lim.max_memory) {	/* 0.5 bytes */
				fprintf(stderr, "flushcheck: --max-memory %s: "
					"less than a byte\n", argv[k]);
				return EXIT_INPUT;
			}
		} else if (!strcmp(a, "--timeout")) {
			k = need_arg(argc, argv, k);
			o.lim.timeout = quantity_arg(a, argv[k], Q_SECONDS);
		} else if (!strcmp(a, "--json")) {
			o.json = 1;
		} else if (!strcmp(a, "--html")) {
			char herr[512];

			k = need_arg(argc, argv, k);
			if (o.html) {
				fputs("flushcheck: --html given twice\n", stderr);
				return EXIT_INPUT;
			}
			o.html = html_new(argv[k], herr, sizeof herr);
			if (!o.html) {
				fprintf(stderr, "flushcheck: %s\n", herr);
				return EXIT_INPUT;
			}
		} else if (!strcmp(a, "--dot")) {
			k = need_arg(argc, argv, k);
			if (o.dot && !o.dot_stdout)
				fclose(o.dot);
			o.dot_stdout = !strcmp(argv[k], "-");
			o.dot = o.dot_stdout ? stdout : fopen(argv[k], "w");
			if (!o.dot) {
				fprintf(stderr, "flushcheck: --dot %s: %s\n",
					argv[k], strerror(errno));
				return EXIT_INPUT;
			}
		} else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
			o.rep.quiet = 1;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "flushcheck: unknown option '%s'\n", a);
			usage(stderr);
			return EXIT_INPUT;
		} else {
			inputs[ninputs++] = a;
		}
	}
	if (!ninputs) {
		usage(stderr);
		return EXIT_INPUT;
	}
	if (o.lim.threads > 1 && o.lim.dfs) {
		/* the threads share out breadth-first levels */
		fprintf(stderr, "flushcheck: -j searches breadth-first only "
			"(not with --dfs)\n");
		return EXIT_INPUT;
	}
	if (!o.lim.max_memory) {
		/* never let the kernel's OOM killer end a search: stop it
		 * cleanly, incomplete, at three quarters of the RAM */
		long pages = sysconf(_SC_PHYS_PAGES), psz = sysconf(_SC_PAGESIZE);

		if (pages > 0 && psz > 0)
			o.lim.max_memory = (size_t)pages / 4 * 3 * (size_t)psz;
	}
	progress_setup(&o.lim);
	interrupt_setup(&o.lim);
	if (getenv("FLUSHCHECK_PAR_GRAIN")) {
		/* for tests: MIN_LEVEL:CHUNK, see search.h */
		sscanf(getenv("FLUSHCHECK_PAR_GRAIN"), "%u:%u",
		       &o.lim.par_min_level, &o.lim.par_chunk);
	}
	if (getenv("FLUSHCHECK_PACK")) {
		/* for tests and measurements: 0 stores states unpacked,
		 * check aborts on a state the model's masks miss */
		const char *v = getenv("FLUSHCHECK_PACK");

		o.lim.no_pack = !strcmp(v, "0");
		o.lim.pack_check = !strcmp(v, "check");
	}
	mx = matrix_new();
	if (!mx) {
		fputs("flushcheck: out of memory\n", stderr);
		return EXIT_INPUT;
	}
	for (int k = 0; k < ninputs; k++) {
		struct stat st;
		int before = t.files;
		int found = stat(inputs[k], &st) == 0;

		if (found && S_ISDIR(st.st_mode)) {
			struct walk w = { NULL, 0, 0 };

			run_dir(inputs[k], &o, &t, mx, &w, 0);
			free(w.seen);
		} else if (!found && strpbrk(inputs[k], "*?[")) {
			/* a glob the shell left as it was: it matched nothing */
			fprintf(stderr, "%s:1:1: no scenarios found (the pattern "
				"matched no file)\n", inputs[k]);
			t.errors++;
			continue;
		} else {
			run_file(inputs[k], &o, &t, mx);
		}
		if (t.files == before && !interrupted) {
			if (o.only)
				fprintf(stderr, "%s:1:1: no scenarios found "
					"(none named like --only '%s')\n",
					inputs[k], o.only);
			else
				fprintf(stderr, "%s:1:1: no scenarios found\n",
					inputs[k]);
			t.errors++;
		}
	}
	if (o.differ)
		matrix_only_differing(mx);
	if (o.npolicies)
		matrix_columns_as_given(mx);
	if (o.matrix && o.json)
		matrix_json(stdout, mx);
	else if (o.matrix)
		matrix_print(stdout, mx, o.matrix_form);
	if (o.html) {
		char herr[512];

		if (html_finish(o.html, mx, herr, sizeof herr)) {
			fprintf(stderr, "flushcheck: %s\n", herr);
			t.errors++;
		}
	}
	if (o.dot && !o.dot_stdout && fclose(o.dot)) {
		fputs("flushcheck: --dot: cannot write the file\n", stderr);
		t.errors++;
	}
	matrix_free(mx);
	for (int k = 0; k < o.npolicies; k++)
		free((char *)o.upol[k].text);	/* add_policy's */
	arena_free(&o.parsed);
	if (!o.json && !o.dot_stdout)
		printf("Summary: %d runs: %d passed, %d failed, %d incomplete, "
		       "%d errors\n", t.runs, t.passed, t.failed, t.incomplete,
		       t.errors);
	if (!o.json && !o.dot_stdout && interrupted)
		printf("Interrupted: %d runs not started\n", t.not_started);
	if (!o.json && o.like)
		printf("--like %s: %d files skipped, no expect line for %s\n",
		       o.like, t.unlike, o.like);
	free(o.machine_text);
	if (t.errors)
		return EXIT_INPUT;
	if (t.failed)
		return EXIT_FAIL;
	return t.incomplete ? EXIT_INCOMPLETE : EXIT_OK;
}
