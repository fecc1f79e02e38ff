/* SPDX-License-Identifier: MIT */
/*
 * test_html.c - the --html report (src/report/html.c) and the --dot
 * digraphs (src/report/dot.c): text from an input file cannot inject
 * markup, a run with a counterexample gets a page with one box per step
 * in its SVG and the index links it, and the digraph has the edges of the
 * rule (next step on the same CPU; next step of the trace, dashed, when
 * that is another CPU's), hand-counted.
 */
#include "helpers.h"

#include <stdlib.h>
#include <unistd.h>

#include "report/report.h"

/*
 * CPU1 stores new through the kernel mapping and makes U present; CPU0
 * fetches through U: old.  Three steps: st (CPU1), pte.set (CPU1), exec
 * (CPU0, the stale one).  The name and the doc string carry markup.
 */
#define HOSTILE								\
	"FLUSH x<script>alert(1)</script>&\"'\n"			\
	"\"doc <i>markup</i> & more\"\n"				\
	"machine = cortex-a9\n"						\
	"{ page P = old; kernel K = P; user U = P @ 0x8000 rx absent; }\n" \
	" P0          | P1        ;\n"					\
	"             | st K = new ;\n"					\
	"             | pte.set U  ;\n"					\
	" r0 = exec U |            ;\n"					\
	"exists (P0:r0 = old)\n"

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *text;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	text = calloc(1, (size_t)n + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return text;
}

static int count(const char *text, const char *s)
{
	int n = 0;

	for (const char *p = text; (p = strstr(p, s)); p += strlen(s))
		n++;
	return n;
}

static void escape(void **state)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	(void)state;
	assert_non_null(f);
	html_escape(f, "<a href=\"x\">'&'</a>\x01");
	fclose(f);
	assert_string_equal(text, "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;"
			    "&lt;/a&gt; ");
	free(text);
}

static void run(struct loaded *l, struct result *r)
{
	struct search_limits lim = { 0 };

	must_load(l, HOSTILE);
	assert_int_equal(check_run(l->p, "generic", &lim, r), 0);
	assert_true(r->ntraces >= 1);
	assert_int_equal(r->traces[0].nsteps, 3);
}

static void pages(void **state)
{
	char dir[] = "/tmp/fc-html-XXXXXX", err[256], path[512], *text;
	struct loaded l;
	struct result r;
	struct matrix *mx = matrix_new();
	struct html *h;

	(void)state;
	assert_non_null(mkdtemp(dir));
	run(&l, &r);
	h = html_new(dir, err, sizeof err);
	assert_non_null(h);
	assert_int_equal(html_add(h, &r, err, sizeof err), 0);
	matrix_add(mx, &r);
	assert_int_equal(html_finish(h, mx, err, sizeof err), 0);
	matrix_free(mx);

	/* the name's '<', '>', '(', ')', '&', '"', '\'' and '/' are '_' */
	snprintf(path, sizeof path, "%s/runs/x_script_alert_1___script____"
		 "--generic.html", dir);
	text = slurp(path);
	assert_null(strstr(text, "<script"));
	assert_null(strstr(text, "<i>"));
	assert_non_null(strstr(text, "x&lt;script&gt;alert(1)&lt;/script&gt;"
			       "&amp;&quot;&#39;"));
	assert_non_null(strstr(text, "doc &lt;i&gt;markup&lt;/i&gt; &amp; more"));
	/* one counterexample drawn per trace; three boxes, the third stale */
	assert_int_equal(count(text, "<svg "), r.ntraces);
	assert_int_equal(count(text, "<rect class=\"box\""), 2 * r.ntraces);
	assert_int_equal(count(text, "<rect class=\"stale\""), r.ntraces);
	assert_non_null(strstr(text, "<h3>The caches at the violation (step 3)"));
	free(text);
	unlink(path);

	snprintf(path, sizeof path, "%s/index.html", dir);
	text = slurp(path);
	assert_null(strstr(text, "<script"));
	assert_non_null(strstr(text, "<a href=\"runs/x_script_alert_1___script"
			       "____--generic.html\">"));
	free(text);
	unlink(path);
	snprintf(path, sizeof path, "%s/runs", dir);
	assert_int_equal(rmdir(path), 0);
	assert_int_equal(rmdir(dir), 0);
	check_free(&r);
	arena_free(&l.a);
}

/*
 * Steps 1 and 2 are CPU1's, 3 CPU0's: one solid edge (1 -> 2, the next
 * on CPU1), one dashed (2 -> 3, the trace goes on on CPU0), two
 * clusters, three nodes.
 */
static void dot(void **state)
{
	struct loaded l;
	struct result r;
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	int n;

	(void)state;
	run(&l, &r);
	n = r.ntraces;
	r.ntraces = 1;		/* the stale fetch's digraph only */
	f = open_memstream(&text, &len);
	assert_non_null(f);
	report_dot(f, &r);
	fclose(f);
	assert_int_equal(count(text, "digraph "), 1);
	assert_int_equal(count(text, "subgraph cluster_"), 2);
	assert_int_equal(count(text, " [label="), 3);
	assert_int_equal(count(text, " -> "), 2);
	assert_non_null(strstr(text, "\ts1 -> s2;\n"));
	assert_non_null(strstr(text, "\ts2 -> s3 [style=dashed];\n"));
	/* the name's quote is escaped in the DOT string */
	assert_non_null(strstr(text, "digraph \"x<script>alert(1)</script>&\\\"'"));
	free(text);
	r.ntraces = n;
	check_free(&r);
	arena_free(&l.a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escape),
		cmocka_unit_test(pages),
		cmocka_unit_test(dot),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
