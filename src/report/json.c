/* SPDX-License-Identifier: MIT */
/*
 * json.c - one JSON object per line: a record per run, per input error,
 * and the matrix.  docs/json.md is the contract, and
 * docs/flushcheck.schema.json says it for a validator: a change here that
 * a consumer can see bumps FC_JSON_VERSION (report.h) and says so there.
 */
#include "report.h"

/*
 * The length of the well-formed UTF-8 sequence at s (RFC 3629: no
 * overlong forms, no surrogates, nothing past U+10FFFF), or 0.
 */
static int utf8_len(const unsigned char *s)
{
	int n;
	unsigned lo = 0x80, hi = 0xbf;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	/* the second byte's range is narrower after these leads */
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (int k = 2; k < n; k++)
		if (s[k] < 0x80 || s[k] > 0xbf)
			return 0;
	return n;
}

/*
 * A JSON string.  Names and texts come from the user's files, which may
 * hold any bytes: a byte that does not start a well-formed UTF-8 sequence
 * is written as U+FFFD, so that the output is always valid UTF-8 JSON.
 */
void json_string(FILE *f, const char *s)
{
	fputc('"', f);
	while (s && *s) {
		const unsigned char *u = (const unsigned char *)s;
		int n = utf8_len(u);

		if (*u == '"' || *u == '\\')
			fprintf(f, "\\%c", *u);
		else if (*u < 0x20 || *u == 0x7f)
			fprintf(f, "\\u%04x", *u);
		else if (!n)
			fputs("\\ufffd", f);
		else
			fwrite(s, 1, (size_t)n, f);
		s += n ? n : 1;
	}
	fputc('"', f);
}

#define str json_string

static void key(FILE *f, const char *k, int first)
{
	if (!first)
		fputc(',', f);
	str(f, k);
	fputc(':', f);
}

/* The record's first two keys: what it is, and the schema's version. */
static void head(FILE *f, const char *type)
{
	fputc('{', f);
	key(f, "type", 1);
	str(f, type);
	key(f, "version", 0);
	fprintf(f, "%d", FC_JSON_VERSION);
}

void json_verdict(FILE *f, const struct result *r)
{
	int n = 0;

	fputc('[', f);
	for (int b = 0; b < OR_COUNT; b++)
		if (r->violated & (1u << b))
			fprintf(f, "%s\"%s\"", n++ ? "," : "", oracle_names[b]);
	if (r->incomplete)
		fprintf(f, "%s\"incomplete\"", n ? "," : "");
	else if (!n)
		fputs("\"ok\"", f);
	fputc(']', f);
}

/* A string, or null for NULL. */
static void str_or_null(FILE *f, const char *s)
{
	if (s)
		str(f, s);
	else
		fputs("null", f);
}

/* A positive number, or null where there is none (0). */
static void pos_or_null(FILE *f, int v)
{
	if (v > 0)
		fprintf(f, "%d", v);
	else
		fputs("null", f);
}

void report_json_error(FILE *f, const char *file, int line, int col,
		       const char *policy, const char *msg)
{
	head(f, "error");
	key(f, "file", 0);
	str_or_null(f, file);
	key(f, "line", 0);
	pos_or_null(f, line);
	key(f, "column", 0);
	pos_or_null(f, line > 0 ? col : 0);
	key(f, "policy", 0);
	str_or_null(f, policy);
	key(f, "message", 0);
	str(f, msg);
	key(f, "exit", 0);
	fputs("2}\n", f);
	fflush(f);
}

static void trace(FILE *f, const struct program *p, const struct trace *t)
{
	char buf[96];
	fputc('{', f);
	key(f, "oracle", 1);
	str(f, oracle_names[t->oracle]);
	key(f, "steps", 0);
	fputc('[', f);
	for (int k = 0; k < t->nsteps; k++) {
		const struct step_note *s = &t->steps[k];
		char agent[8];

		if (k)
			fputc(',', f);
		snprintf(agent, sizeof agent, s->agent == AGENT_DEV ? "DEV" : "CPU%d",
			 s->agent);
		fputc('{', f);
		key(f, "step", 1);
		fprintf(f, "%d", k + 1);
		key(f, "agent", 0);
		str(f, agent);
		key(f, "kind", 0);
		str(f, s->thread_op ? "op" : "hardware");
		key(f, "text", 0);
		str(f, s->text);
		key(f, "detail", 0);
		str(f, s->detail);
		fputc('}', f);
	}
	fputc(']', f);
	/* bad-outcome: the final state the steps end in */
	if (t->has_outcome) {
		key(f, "outcome", 0);
		fputc('{', f);
		for (int l = 0; l < p->nlocs; l++) {
			key(f, p->locs[l].text, l == 0);
			str(f, result_value_text(p, t->outcome[l], buf,
						 sizeof buf));
		}
		fputc('}', f);
	}
	/* reduced runs: the counterexample searched for in the plain model */
	if (t->confirm != CONFIRM_NONE) {
		static const char *const w[] = { "", "plain", "not confirmed",
						 "unsound" };

		key(f, "confirmed", 0);
		str(f, w[t->confirm]);
		key(f, "confirm_states", 0);
		fprintf(f, "%llu", (unsigned long long)t->confirm_states);
		if (t->confirm == CONFIRM_CAPPED) {
			key(f, "confirm_stopped_by", 0);
			str(f, search_stop_name(t->confirm_stop));
		}
	}
	/* a shortest trace of the plain model: plain BFS, or --shortest */
	key(f, "shortest", 0);
	fputs(t->shortest == SHORTEST_YES ? "true" : "false", f);
	if (t->shortest_states) {
		key(f, "shortest_states", 0);
		fprintf(f, "%llu", (unsigned long long)t->shortest_states);
	}
	if (t->shortest == SHORTEST_CAPPED) {
		key(f, "shortest_stopped_by", 0);
		str(f, search_stop_name(t->shortest_stop));
	}
	fputc('}', f);
}

void report_json(FILE *f, const struct result *r)
{
	const struct program *p = r->p;
	char buf[256];

	head(f, "run");
	key(f, "test", 0);
	str(f, p->name);
	key(f, "file", 0);
	str(f, p->file);
	key(f, "machine", 0);
	str(f, p->arm ? "herd-aarch64" : p->machine.name);
	key(f, "policy", 0);
	if (p->arm)	/* a litmus test runs no policy */
		fputs("null", f);
	else
		str(f, r->policy);
	key(f, "verdict", 0);
	json_verdict(f, r);
	/* as the text Summary counts the run */
	key(f, "passed", 0);
	fputs(result_passed(r) ? "true" : "false", f);
	key(f, "complete", 0);
	fputs(r->incomplete ? "false" : "true", f);
	if (r->incomplete) {
		key(f, "stopped_by", 0);
		str(f, r->approximated ? "model-bounds" :
		       r->unfinished ? "no-execution-finished" :
		       search_stop_name(r->stats.stop));
	}
	key(f, "states", 0);
	fprintf(f, "%llu", (unsigned long long)r->stats.states);
	key(f, "transitions", 0);
	fprintf(f, "%llu", (unsigned long long)r->stats.transitions);
	key(f, "time", 0);
	fprintf(f, "%.6f", r->stats.seconds);
	key(f, "state_size", 0);
	fprintf(f, "%zu", r->state_bytes);
	key(f, "bytes_per_state", 0);
	fprintf(f, "%.1f", result_bytes_per_state(r));
	key(f, "peak_memory", 0);
	fprintf(f, "%zu", r->stats.memory);
	/* the reductions in force (asked for and applicable to this run) */
	key(f, "reductions", 0);
	{
		const char *sep = "";

		fputc('[', f);
		for (unsigned b = 0; b < RED_COUNT; b++)
			if (r->reduced & (1u << b)) {
				fprintf(f, "%s\"%s\"", sep, reduction_names[b]);
				sep = ",";
			}
		fputc(']', f);
	}
	key(f, "fingerprint", 0);
	fputs(r->stats.fingerprint ? "true" : "false", f);
	if (r->stats.fingerprint) {
		key(f, "collision_probability", 0);
		fprintf(f, "%.2g", r->stats.collision);
	}
	/* a collision may have hidden a state: what was not found may be
	 * there, what was found is real */
	key(f, "probabilistic", 0);
	fputs(r->stats.fingerprint ? "true" : "false", f);
	/* a reduced counterexample the plain model does not have: the
	 * reduction is wrong, whatever the verdict says */
	for (int k = 0; k < r->ntraces; k++)
		if (r->traces[k].confirm == CONFIRM_REFUTED) {
			key(f, "unsound_reduction", 0);
			fputs("true", f);
			break;
		}
	key(f, "violations", 0);
	fputc('[', f);
	for (int k = 0; k < r->ntraces; k++) {
		if (k)
			fputc(',', f);
		trace(f, p, &r->traces[k]);
	}
	fputc(']', f);
	if (r->has_cond) {
		static const char *const w[] = { "", "Sometimes", "Never",
						 "Always" };

		key(f, "observation", 0);
		fputc('{', f);
		key(f, "condition", 1);
		str(f, p->cond_text);
		key(f, "quantifier", 0);
		str(f, p->quant == Q_EXISTS ? "exists"
		     : p->quant == Q_NOT_EXISTS ? "~exists" : "forall");
		/* `bug exists`: a satisfying final state is bad-outcome */
		key(f, "bug", 0);
		fputs(p->cond_bug ? "true" : "false", f);
		key(f, "result", 0);
		str(f, r->incomplete ? "incomplete" : w[result_observation(r)]);
		key(f, "positive", 0);
		fprintf(f, "%llu", (unsigned long long)r->npos);
		key(f, "negative", 0);
		fprintf(f, "%llu", (unsigned long long)r->nneg);
		key(f, "outcomes", 0);
		fputc('[', f);
		for (int k = 0; k < r->noutcomes; k++) {
			fputs(k ? ",{" : "{", f);
			for (int l = 0; l < p->nlocs; l++) {
				key(f, p->locs[l].text, l == 0);
				str(f, result_value_text(p,
					r->outcomes[k].val[l], buf,
					sizeof buf));
			}
			fputc('}', f);
		}
		fputs("]}", f);
	}
	key(f, "expects", 0);
	fputc('[', f);
	for (int k = 0; k < r->nexp; k++) {
		const struct expect_result *x = &r->exp[k];

		fputs(k ? ",{" : "{", f);
		key(f, "policy", 1);
		str(f, x->e->policy);
		key(f, "words", 0);
		str(f, x->e->text);
		key(f, "result", 0);
		str(f, x->v == EXP_OK ? "ok" : x->v == EXP_FAILED ? "FAILED"
								  : "incomplete");
		fputc('}', f);
	}
	fputs("]}\n", f);
}
