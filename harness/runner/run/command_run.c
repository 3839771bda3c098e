/* dslab run [OPTIONS] [CASE...]: the cases, judged against the goldens. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "command.h"
#include "run_cases.h"

/* run --libc musl from the glibc build (or the other way): another libc is
 * another build, so the same command line goes to it. Returns only if it
 * cannot. */
static int hand_to_other_libc(const struct command_context *c)
{
	const char *libc = c->options->libc;
	char other[PATH_MAX * 2];
	if (strcmp(libc, "musl") == 0)
		snprintf(other, sizeof other, "%s/musl/dslab", c->paths->build);
	else
		snprintf(other, sizeof other, "%s/../dslab", c->paths->build);
	char **args = calloc((size_t)c->argc + 1, sizeof *args);
	int n = 0;
	for (int i = 0; args && i < c->argc; i++) {
		if (strcmp(c->argv[i], "--libc") == 0) {
			i++;
			continue;
		}
		if (strncmp(c->argv[i], "--libc=", 7) == 0)
			continue;
		args[n++] = c->argv[i];
	}
	if (args) {
		args[0] = other;
		execv(other, args);
	}
	fprintf(stderr, "dslab: no %s build at %s (%s)\n", libc, other,
		strcmp(libc, "musl") == 0 ? "cmake --preset musl && cmake --build build/musl"
					  : "cmake --preset default && cmake --build build");
	free(args);
	return EXIT_USAGE;
}

int command_run(const struct command_context *c)
{
	if (c->options->libc && strcmp(c->options->libc, DSLAB_LIBC) != 0)
		return hand_to_other_libc(c);
	return run_cases(c, NULL, NULL);
}
