#include "paths.h"

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* out = a + b, or -1 if it does not fit. */
static int join(char out[PATH_MAX], const char *a, const char *b)
{
	int n = snprintf(out, PATH_MAX, "%s%s", a, b);
	return n < 0 || n >= PATH_MAX ? -1 : 0;
}

int paths_find(const struct cli_options *o, const char *source_dir, struct paths *p)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return -1;
	exe[n] = '\0';
	int rc = join(p->self, exe, "");
	const char *scenarios = getenv("DSLAB_SCENARIO_DIR");
	rc |= join(p->build, dirname(exe), "");
	rc |= scenarios && *scenarios ? join(p->scenarios, scenarios, "")
				       : join(p->scenarios, p->build, "/scenarios");
	rc |= o->expected_dir ? join(p->expected, o->expected_dir, "")
			      : join(p->expected, source_dir, "/expected");
	rc |= o->actual_dir ? join(p->actual, o->actual_dir, "") : join(p->actual, p->build, "/actual");
	rc |= join(p->source, source_dir, "");
	rc |= join(p->sources, source_dir, "/scenarios");
	rc |= join(p->etc, p->build, "/etc");
	/* Absolute: each scenario writes there from its own process. */
	p->capture[0] = '\0';
	if (o->capture_dir && o->capture_dir[0] == '/') {
		rc |= join(p->capture, o->capture_dir, "");
	} else if (o->capture_dir) {
		char cwd[PATH_MAX], relative[PATH_MAX];
		rc |= !getcwd(cwd, sizeof cwd) || join(relative, "/", o->capture_dir) ||
		      join(p->capture, cwd, relative);
	}
	return rc;
}

int is_directory(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}
