/* SPDX-License-Identifier: MIT */
/*
 * html.c - the static report of --html DIR: DIR/index.html, the matrix as
 * a page, and DIR/runs/SCENARIO--POLICY.html for each run with a
 * counterexample, each drawn as CPU lanes in inline SVG.  No script, no
 * external asset: the pages open from a disk and print.  Every text that
 * comes from an input file (scenario and policy names, labels, call
 * paths) is escaped here, where it meets the markup.
 */
#include "report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The drawing's own units: the SVG scales to the page's width. */
#define SVG_WIDTH 1000
#define SVG_GUTTER 44		/* the step numbers' column */
#define SVG_LINE 14		/* one line of text in a step's box */
#define SVG_CHAR 6.6		/* a monospace character at 11 units */
#define SVG_GAP 10		/* between two steps */
#define HTML_MAX_LINES 24	/* of one step's box */

struct run_page {
	char *scenario, *policy, *file;	/* file: below DIR, "runs/..." */
};

struct html {
	char *dir;
	int n, cap;
	struct run_page *pages;
};


/* Text as HTML (element content and quoted attribute values alike). */
void html_escape(FILE *f, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default:
			/* control characters would make the XML of the SVG
			 * invalid: a blank instead */
			fputc((unsigned char)*s < 0x20 ? ' ' : *s, f);
		}
}

static void escape_n(FILE *f, const char *s, int n)
{
	char buf[512];

	if (n > (int)sizeof buf - 1)
		n = (int)sizeof buf - 1;
	memcpy(buf, s, (size_t)n);
	buf[n] = '\0';
	html_escape(f, buf);
}

/*
 * A file name from a scenario or policy name: letters, digits, '.', '_'
 * and '-' kept, anything else '_', so that no name leaves runs/ or needs
 * quoting in a link.
 */
static void safe_name(char *out, size_t len, const char *s)
{
	size_t n = 0;

	for (; *s && n + 1 < len; s++) {
		char c = *s;
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			 (c >= '0' && c <= '9') || c == '_' || c == '-' ||
			 (c == '.' && n);
		out[n++] = ok ? c : '_';
	}
	out[n] = '\0';
}

struct html *html_new(const char *dir, char *err, size_t errlen)
{
	struct html *h;
	char runs[4096];

	snprintf(runs, sizeof runs, "%s/runs", dir);
	if ((mkdir(dir, 0777) && errno != EEXIST) ||
	    (mkdir(runs, 0777) && errno != EEXIST)) {
		snprintf(err, errlen, "--html %s: cannot make %s: %s", dir,
			 errno == EEXIST ? dir : runs, strerror(errno));
		return NULL;
	}
	h = calloc(1, sizeof *h);
	if (!h) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	h->dir = report_dup(dir);
	return h;
}

static const char *const css =
	"body{font-family:sans-serif;margin:1.5em;color:#111;background:#fff}\n"
	"h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em}\n"
	"code,pre,td.c,td.s{font-family:monospace}\n"
	"table{border-collapse:collapse}\n"
	"td,th{border:1px solid #bbb;padding:2px 6px;text-align:left}\n"
	"th.p{writing-mode:vertical-rl;transform:rotate(180deg);"
	"white-space:nowrap}\n"
	"td.n{white-space:nowrap}td.c{text-align:center}td.ok{background:#e8f5e8}"
	"td.bad{background:#fde8e8}td.inc{background:#fff4d6}\n"
	"td.fail{font-weight:bold;outline:2px solid #c00}\n"
	"svg{width:100%;height:auto;max-width:1000px;display:block}\n"
	"svg text{font-family:monospace;font-size:11px}\n"
	".lane{fill:#f4f6fa;stroke:#ccd}.box{fill:#fff;stroke:#557}\n"
	".stale{fill:#fff0f0;stroke:#c00;stroke-width:2}\n"
	".order{stroke:#99a;fill:none;stroke-dasharray:3 3}\n"
	".det{fill:#555}.hd{font-weight:bold}\n"
	"@media print{body{margin:0;background:#fff;color:#000}"
	"a{color:#000;text-decoration:none}"
	"section.cx{break-before:page;page-break-before:always}"
	"section.cx:first-of-type{break-before:auto;page-break-before:auto}"
	"svg{max-width:100%}td,th{border-color:#000}"
	".lane{fill:#fff}td.ok,td.bad,td.inc{background:#fff}}\n";

static void page_head(FILE *f, const char *title)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	      "<meta charset=\"utf-8\">\n<title>", f);
	html_escape(f, title);
	fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", css);
}

/* The step the violation happened at: the one marked "<- ", or the last. */
static int stale_step(const struct trace *t)
{
	for (int k = 0; k < t->nsteps; k++)
		if (strstr(t->steps[k].text, "  <- "))
			return k;
	return t->nsteps - 1;
}


static int lane_of(const struct step_note *s, int ncpus)
{
	return s->agent == AGENT_DEV ? ncpus : s->agent;
}

/* One counterexample as lanes: a column per CPU (and DEV), steps down. */
static void svg_trace(FILE *f, const struct trace *t, int ncpus)
{
	int dev = 0, nl, lw, chars, y, top[256], hgt[256];
	int n = t->nsteps < 256 ? t->nsteps : 256, bad = stale_step(t);
	const char *line[2 * HTML_MAX_LINES];
	int len[2 * HTML_MAX_LINES];

	for (int k = 0; k < n; k++)
		dev |= t->steps[k].agent == AGENT_DEV;
	nl = ncpus + dev;
	lw = (SVG_WIDTH - SVG_GUTTER) / nl;
	chars = (int)((lw - 16) / SVG_CHAR);
	/* heights first: a step's box holds its op and its detail */
	y = 30;
	for (int k = 0; k < n; k++) {
		const struct step_note *s = &t->steps[k];
		int m = report_wrap(s->text, chars, chars, line, len,
				    HTML_MAX_LINES);

		if (s->detail[0])
			m += report_wrap(s->detail, chars - 2, chars - 2, line, len,
				  HTML_MAX_LINES);
		top[k] = y;
		hgt[k] = m * SVG_LINE + 8;
		y += hgt[k] + SVG_GAP;
	}
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\""
		" role=\"img\">\n", SVG_WIDTH, y);
	for (int c = 0; c < nl; c++) {
		int x = SVG_GUTTER + c * lw;

		fprintf(f, "<rect class=\"lane\" x=\"%d\" y=\"0\" width=\"%d\" "
			"height=\"%d\"/>\n", x + 2, lw - 4, y);
		if (c == ncpus)
			fprintf(f, "<text class=\"hd\" x=\"%d\" y=\"18\">DEV</text>\n",
				x + 8);
		else
			fprintf(f, "<text class=\"hd\" x=\"%d\" y=\"18\">CPU%d</text>\n",
				x + 8, c);
	}
	/* the order: from each step to the next */
	for (int k = 0; k + 1 < n; k++) {
		int a = lane_of(&t->steps[k], ncpus);
		int b = lane_of(&t->steps[k + 1], ncpus);

		fprintf(f, "<path class=\"order\" d=\"M%d %d L%d %d\"/>\n",
			SVG_GUTTER + a * lw + lw / 2, top[k] + hgt[k],
			SVG_GUTTER + b * lw + lw / 2, top[k + 1]);
	}
	for (int k = 0; k < n; k++) {
		const struct step_note *s = &t->steps[k];
		int x = SVG_GUTTER + lane_of(s, ncpus) * lw;
		int m = report_wrap(s->text, chars, chars, line, len,
				    HTML_MAX_LINES), ty;

		fprintf(f, "<g><title>step %d: ", k + 1);
		html_escape(f, s->text);
		if (s->detail[0]) {
			fputs(" / ", f);
			html_escape(f, s->detail);
		}
		fputs("</title>\n", f);
		fprintf(f, "<text x=\"4\" y=\"%d\">%d</text>\n", top[k] + 14, k + 1);
		fprintf(f, "<rect class=\"%s\" x=\"%d\" y=\"%d\" width=\"%d\" "
			"height=\"%d\" rx=\"3\"/>\n", k == bad ? "stale" : "box",
			x + 6, top[k], lw - 12, hgt[k]);
		ty = top[k] + 14;
		for (int i = 0; i < m; i++, ty += SVG_LINE) {
			fprintf(f, "<text x=\"%d\" y=\"%d\">", x + 10 + (i ? 12 : 0),
				ty);
			escape_n(f, line[i], len[i]);
			fputs("</text>\n", f);
		}
		if (s->detail[0]) {
			m = report_wrap(s->detail, chars - 2, chars - 2, line, len,
					HTML_MAX_LINES);
			for (int i = 0; i < m; i++, ty += SVG_LINE) {
				fprintf(f, "<text class=\"det\" x=\"%d\" y=\"%d\">",
					x + 22 + (i ? 12 : 0), ty);
				escape_n(f, line[i], len[i]);
				fputs("</text>\n", f);
			}
		}
		fputs("</g>\n", f);
	}
	fputs("</svg>\n", f);
}

static const char *agent_name(const struct step_note *s, char *buf,
			      size_t len)
{
	if (s->agent == AGENT_DEV)
		snprintf(buf, len, "DEV");
	else
		snprintf(buf, len, "CPU%d", s->agent);
	return buf;
}

/* The steps as a table too: the text to copy, the caches at each step. */
static void steps_table(FILE *f, const struct trace *t, int bad)
{
	char a[16];

	fputs("<table>\n<tr><th>step</th><th>agent</th><th>op (call path)</th>"
	      "<th>what it did to the caches</th></tr>\n", f);
	for (int k = 0; k < t->nsteps; k++) {
		const struct step_note *s = &t->steps[k];

		fprintf(f, "<tr%s><td>%d</td><td>%s</td><td class=\"s\">",
			k == bad ? " style=\"font-weight:bold\"" : "", k + 1,
			agent_name(s, a, sizeof a));
		html_escape(f, s->text);
		fputs("</td><td class=\"s\">", f);
		html_escape(f, s->detail);
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
}

/* The cache lines the trace had spoken of, up to and at the bad step. */
static void caches_at(FILE *f, const struct trace *t, int bad)
{
	const struct step_note *s = &t->steps[bad];
	char a[16];
	int any = 0;

	fprintf(f, "<p>At step %d (%s): <code>", bad + 1,
		agent_name(s, a, sizeof a));
	html_escape(f, s->text);
	fputs("</code>", f);
	if (s->detail[0]) {
		fputs(" &mdash; <code>", f);
		html_escape(f, s->detail);
		fputs("</code>", f);
	}
	fputs("</p>\n", f);
	for (int k = 0; k <= bad; k++) {
		const char *d = t->steps[k].detail;

		if (!strstr(d, "D$") && !strstr(d, "I$"))
			continue;
		if (!any++)
			fputs("<p>What the caches were told on the way "
			      "(D$/I$ lines, step by step):</p>\n<ul>\n", f);
		fprintf(f, "<li>step %d, %s: <code>", k + 1,
			agent_name(&t->steps[k], a, sizeof a));
		html_escape(f, d);
		fputs("</code></li>\n", f);
	}
	if (any)
		fputs("</ul>\n", f);
	fputs("<p class=\"note\">(D$ P[0]@c1: the CPU's D-cache copy of page "
	      "P's line 0 at cache colour 1; I$ alike)</p>\n", f);
}

static void write_run(FILE *f, const struct result *r)
{
	const struct program *p = r->p;
	char title[512], v[256];

	snprintf(title, sizeof title, "%s under %s", p->name, r->policy);
	page_head(f, title);
	fputs("<p><a href=\"../index.html\">&larr; the matrix</a></p>\n<h1>", f);
	html_escape(f, p->name);
	fputs(" under <code>", f);
	html_escape(f, r->policy);
	fputs("</code></h1>\n", f);
	if (p->doc) {
		fputs("<p>", f);
		html_escape(f, p->doc);
		/* the lexer keeps 255 characters of a string (lex.h) */
		fputs(strlen(p->doc) >= 255 ? " [...]</p>\n" : "</p>\n", f);
	}
	fputs("<p>Machine <code>", f);
	html_escape(f, p->machine.name);
	fprintf(f, "</code>; %llu states, %llu transitions; verdict <b>",
		(unsigned long long)r->stats.states,
		(unsigned long long)r->stats.transitions);
	html_escape(f, result_verdict(r, v, sizeof v));
	fputs("</b>.</p>\n", f);
	for (int k = 0; k < r->nexp; k++) {
		const struct expect_result *x = &r->exp[k];

		fputs("<p>Expect <code>", f);
		html_escape(f, x->e->policy);
		fputs(": ", f);
		html_escape(f, x->e->text);
		fprintf(f, "</code> %s</p>\n", x->v == EXP_OK ? "ok"
			: x->v == EXP_FAILED ? "<b>FAILED</b>" : "incomplete");
	}
	for (int k = 0; k < r->ntraces; k++) {
		const struct trace *t = &r->traces[k];
		int bad;

		if (!t->nsteps)
			continue;
		bad = stale_step(t);
		fprintf(f, "<section class=\"cx\">\n<h2>Counterexample %d: %s "
			"(%d steps)</h2>\n", k + 1, oracle_names[t->oracle],
			t->nsteps);
		svg_trace(f, t, p->machine.cpus);
		fprintf(f, "<h3>The caches at the violation (step %d)</h3>\n", bad + 1);
		caches_at(f, t, bad);
		fputs("<h3>The steps</h3>\n", f);
		steps_table(f, t, bad);
		if (t->confirm == CONFIRM_OK)
			fputs("<p>Confirmed in the plain model: the drawing is "
			      "its trace.</p>\n", f);
		fputs("</section>\n", f);
	}
	fputs("</body>\n</html>\n", f);
}

static int has_trace(const struct result *r)
{
	for (int k = 0; k < r->ntraces; k++)
		if (r->traces[k].nsteps)
			return 1;
	return 0;
}

int html_add(struct html *h, const struct result *r, char *err, size_t errlen)
{
	char s[200], p[200], file[420], path[4600];
	struct run_page *pg = NULL;
	FILE *f;

	if (r->error[0] || !has_trace(r))
		return 0;
	for (int k = 0; k < h->n; k++)
		if (!strcmp(h->pages[k].scenario, r->p->name) &&
		    !strcmp(h->pages[k].policy, r->policy))
			pg = &h->pages[k];	/* a run again: the page anew */
	if (!pg) {
		int same = 0;

		safe_name(s, sizeof s, r->p->name);
		safe_name(p, sizeof p, r->policy);
		/* two names alike once made safe: a number tells them apart */
		for (int k = 0; k < h->n; k++) {
			snprintf(file, sizeof file, same ? "runs/%s--%s-%d.html"
				 : "runs/%s--%s.html", s, p, same + 1);
			if (!strcmp(h->pages[k].file, file)) {
				same++;
				k = -1;
			}
		}
		snprintf(file, sizeof file, same ? "runs/%s--%s-%d.html"
			 : "runs/%s--%s.html", s, p, same + 1);
		if (h->n == h->cap) {
			int cap = h->cap ? 2 * h->cap : 64;
			struct run_page *np = realloc(h->pages,
						      sizeof *np * (size_t)cap);

			if (!np) {
				snprintf(err, errlen, "out of memory");
				return -1;
			}
			h->pages = np;
			h->cap = cap;
		}
		pg = &h->pages[h->n++];
		pg->scenario = report_dup(r->p->name);
		pg->policy = report_dup(r->policy);
		pg->file = report_dup(file);
	}
	snprintf(path, sizeof path, "%s/%s", h->dir, pg->file);
	f = fopen(path, "w");
	if (!f) {
		snprintf(err, errlen, "--html: cannot write %s: %s", path,
			 strerror(errno));
		return -1;
	}
	write_run(f, r);
	if (fclose(f)) {
		snprintf(err, errlen, "--html: cannot write %s", path);
		return -1;
	}
	return 0;
}

static const char *page_of(const struct html *h, const char *scen,
			   const char *pol)
{
	for (int k = 0; k < h->n; k++)
		if (!strcmp(h->pages[k].scenario, scen) &&
		    !strcmp(h->pages[k].policy, pol))
			return h->pages[k].file;
	return NULL;
}

static void write_index(FILE *f, const struct html *h, const struct matrix *mx)
{
	int nr = matrix_rows(mx), nc, *rows = matrix_row_order(mx);
	int cols[64];
	char *legend = NULL;
	size_t llen = 0;
	FILE *lf = open_memstream(&legend, &llen);

	nc = matrix_col_order(mx, cols, 64);
	page_head(f, "flushcheck: scenarios x policies");
	fputs("<h1>flushcheck: scenarios &times; policies</h1>\n"
	      "<p>A cell is the verdict's code; a linked cell opens that run's "
	      "counterexamples, drawn as CPU lanes.</p>\n"
	      "<table class=\"matrix\">\n<tr><th>scenario</th>", f);
	for (int c = 0; c < nc; c++) {
		fputs("<th class=\"p\">", f);
		html_escape(f, matrix_col_name(mx, cols[c]));
		fputs("</th>", f);
	}
	fputs("</tr>\n", f);
	for (int i = 0; i < nr; i++) {
		int r = rows[i];

		fputs("<tr><td class=\"n\">", f);
		html_escape(f, matrix_row_name(mx, r));
		fputs("</td>", f);
		for (int c = 0; c < nc; c++) {
			const char *code = matrix_cell_code(mx, r, cols[c]);
			const char *pg = page_of(h, matrix_row_name(mx, r),
						 matrix_col_name(mx, cols[c]));
			const char *cls;

			if (!code) {
				fputs("<td class=\"c\">-</td>", f);
				continue;
			}
			cls = !strncmp(code, "ok", 2) ? "ok"
			    : code[0] == '?' ? "inc" : "bad";
			fprintf(f, "<td class=\"c %s%s\">", cls,
				strchr(code, '!') ? " fail" : "");
			if (pg) {
				fputs("<a href=\"", f);
				html_escape(f, pg);
				fputs("\">", f);
			}
			html_escape(f, code);
			fputs(pg ? "</a></td>" : "</td>", f);
		}
		fputs("</tr>\n", f);
	}
	fputs("</table>\n<p class=\"legend\">", f);
	if (lf) {
		matrix_legend(lf);
		fclose(lf);
		html_escape(f, legend ? legend : "");
	}
	fputs("</p>\n</body>\n</html>\n", f);
	free(legend);
	free(rows);
}

int html_finish(struct html *h, const struct matrix *mx, char *err,
		size_t errlen)
{
	char path[4200];
	FILE *f;
	int rc = 0;

	snprintf(path, sizeof path, "%s/index.html", h->dir);
	f = fopen(path, "w");
	if (!f) {
		snprintf(err, errlen, "--html: cannot write %s: %s", path,
			 strerror(errno));
		rc = -1;
	} else {
		write_index(f, h, mx);
		if (fclose(f)) {
			snprintf(err, errlen, "--html: cannot write %s", path);
			rc = -1;
		}
	}
	for (int k = 0; k < h->n; k++) {
		free(h->pages[k].scenario);
		free(h->pages[k].policy);
		free(h->pages[k].file);
	}
	free(h->pages);
	free(h->dir);
	free(h);
	return rc;
}
