/* SPDX-License-Identifier: MIT */
/*
 * replay.c - a main() for a fuzz target without libFuzzer: each file
 * named on the command line (or each file of a directory named there) is
 * run through LLVMFuzzerTestOneInput once.  A crash or a sanitizer report
 * ends the run; otherwise it prints how many inputs it ran.
 */
#include "fuzz.h"

#include <dirent.h>
#include <stdio.h>
#include <sys/stat.h>

static int one(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	size_t n;

	if (!f) {
		perror(path);
		return -1;
	}
	buf = malloc((size_t)FC_MAX_FILE_BYTES + 1);
	if (!buf) {
		fclose(f);
		return -1;
	}
	n = fread(buf, 1, (size_t)FC_MAX_FILE_BYTES + 1, f);
	fclose(f);
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 0;
}

int main(int argc, char **argv)
{
	int runs = 0;

	for (int k = 1; k < argc; k++) {
		struct stat st;
		DIR *d;
		struct dirent *e;

		if (stat(argv[k], &st) || !S_ISDIR(st.st_mode)) {
			if (one(argv[k]))
				return 2;
			runs++;
			continue;
		}
		if (!(d = opendir(argv[k]))) {
			perror(argv[k]);
			return 2;
		}
		while ((e = readdir(d))) {
			char path[4096];

			if (e->d_name[0] == '.')
				continue;
			snprintf(path, sizeof path, "%s/%s", argv[k], e->d_name);
			if (one(path)) {
				closedir(d);
				return 2;
			}
			runs++;
		}
		closedir(d);
	}
	printf("%s: %d inputs, no crash\n", argv[0], runs);
	return 0;
}
