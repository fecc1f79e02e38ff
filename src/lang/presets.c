/* SPDX-License-Identifier: MIT */
/*
 * presets.c - machine files, and the presets compiled into the binary.
 *
 * The preset texts come from machines/NAME.machine through the generated
 * build/embedded.c, so the tool works from any directory.
 */
#include "scenario.h"

#include "suggest.h"

#include <stdio.h>
#include <string.h>

struct embedded {
	const char *name;
	const char *text;
};
extern const struct embedded fc_embedded_machines[];
extern const int fc_embedded_machine_count;

int preset_count(void)
{
	return fc_embedded_machine_count;
}

const char *preset_name(int i)
{
	return fc_embedded_machines[i].name;
}

const char *preset_text(const char *name)
{
	for (int i = 0; i < fc_embedded_machine_count; i++)
		if (!strcmp(fc_embedded_machines[i].name, name))
			return fc_embedded_machines[i].text;
	return NULL;
}

const char *preset_hint(const char *name, char *buf, size_t len)
{
	struct suggest sg;

	suggest_init(&sg, name);
	for (int i = 0; i < fc_embedded_machine_count; i++)
		suggest_offer(&sg, fc_embedded_machines[i].name);
	return suggest_text(&sg, buf, len);
}

int machine_name_is_file(const char *name)
{
	size_t n = strlen(name);

	return strchr(name, '/') ||
	       (n > 8 && !strcmp(name + n - 8, ".machine"));
}

int preset_load(struct machine *m, const char *name, struct diag *d)
{
	const char *text = preset_text(name);
	char file[96];

	if (!text) {
		snprintf(d->msg, sizeof d->msg, "unknown machine '%s'", name);
		return -1;
	}
	snprintf(file, sizeof file, "<machine %s>", name);
	machine_defaults(m);
	snprintf(m->name, sizeof m->name, "%s", name);
	return machine_file_load(m, file, text, d);
}

/*
 * `key = value` lines; `#` comments.  A line ends at LF, CRLF or a lone
 * CR, as in the other file types (lex.h).
 */
int machine_file_load(struct machine *m, const char *file, const char *src,
		      struct diag *d)
{
	int line = 1;

	d->file = file;
	for (const char *p = src; *p; line++) {
		const char *eq, *k0, *k1, *v;
		char key[64], value[256], err[200];
		size_t n = strcspn(p, "\r\n");
		int errcol;

		if (n >= sizeof value) {
			d->line = line;
			d->col = (int)sizeof value;
			snprintf(d->msg, sizeof d->msg, "line longer than %d "
				 "characters", (int)sizeof value - 1);
			return -1;
		}
		snprintf(value, sizeof value, "%.*s", (int)n, p);
		p += n;
		p += p[0] == '\r' && p[1] == '\n' ? 2 : *p != '\0';
		if (strchr(value, '#'))
			*strchr(value, '#') = '\0';
		k0 = value;
		while (*k0 == ' ' || *k0 == '\t')
			k0++;
		if (!*k0 || *k0 == '\r')
			continue;
		eq = strchr(k0, '=');
		if (!eq) {
			d->line = line;
			d->col = (int)(k0 - value) + 1;
			snprintf(d->msg, sizeof d->msg, "expected 'key = value'");
			return -1;
		}
		for (k1 = eq; k1 > k0 && (k1[-1] == ' ' || k1[-1] == '\t'); k1--)
			;
		snprintf(key, sizeof key, "%.*s", (int)(k1 - k0), k0);
		v = eq + 1;
		{
			char *e = value + strlen(value);

			while (e > v && (e[-1] == ' ' || e[-1] == '\t' ||
					 e[-1] == '\r'))
				*--e = '\0';
		}
		if (machine_set(m, key, v, err, sizeof err, &errcol)) {
			d->line = line;
			d->col = (int)(v - value) + errcol + 1;
			snprintf(d->msg, sizeof d->msg, "%s", err);
			return -1;
		}
	}
	if (machine_validate(m, d->msg, sizeof d->msg)) {
		d->line = line > 1 ? line - 1 : 1;
		d->col = 1;
		return -1;
	}
	return 0;
}
