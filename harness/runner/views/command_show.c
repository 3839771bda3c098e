/* dslab show CASE [--actual] [--view netstat|ss] | show --file PATH: a
 * golden (or the kept actual transcript, or any file) as text, or its
 * snapshots as netstat or ss print them. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "command.h"
#include "golden.h"
#include "golden_judge.h"
#include "views.h"

static int print_file(const char *path, const char *what)
{
	FILE *f = fopen(path, "re");
	if (!f) {
		fprintf(stderr, "dslab: %s: %s %s\n", path, what, strerror(errno));
		return EXIT_USAGE;
	}
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		fwrite(buf, 1, n, stdout);
	fclose(f);
	return EXIT_PASS;
}

/* show --view: the file's snapshots as netstat or ss print them. */
static int print_views(const char *path, const struct cli_options *o, const char *title)
{
	char *text = NULL, why[512];
	enum golden_status status = golden_read(path, &text, why, sizeof why);
	if (status != GOLDEN_OK) {
		fprintf(stderr, "dslab: %s: %s\n", path,
			status == GOLDEN_MISSING ? "no such file" : why);
		return EXIT_USAGE;
	}
	struct transcript t = {0};
	char *out = NULL;
	size_t len = 0;
	FILE *memory = open_memstream(&out, &len);
	int rc = EXIT_PASS;
	if (!memory) {
		snprintf(why, sizeof why, "out of memory");
		rc = EXIT_FAILED;
	} else if (view_parse_snapshots(text, &t, why, sizeof why) != 0 ||
		   view_render_snapshots(o->view, &t, title, memory, why, sizeof why) != 0) {
		rc = EXIT_USAGE; /* a table the view cannot read: bad input */
	}
	if (memory && fclose(memory) != 0 && rc == EXIT_PASS) {
		snprintf(why, sizeof why, "out of memory");
		rc = EXIT_FAILED;
	}
	if (rc == EXIT_PASS)
		fwrite(out, 1, len, stdout);
	else
		fprintf(stderr, "dslab: %s: %s\n", path, why);
	free(out);
	transcript_free(&t);
	free(text);
	return rc;
}

int command_show(const struct command_context *context)
{
	const struct cli_options *o = context->options;
	const struct paths *p = context->paths;
	if (o->show_file)
		return o->view ? print_views(o->show_file, o, o->show_file)
			       : print_file(o->show_file, "cannot read:");
	struct case_list all;
	if (cases_all(&all) != 0)
		return EXIT_USAGE;
	const struct case_def *c = cases_find(&all, o->patterns[0]);
	if (!c) {
		fprintf(stderr, "dslab: no case named '%s' (see dslab list)\n", o->patterns[0]);
		cases_free(&all);
		return EXIT_USAGE;
	}
	char path[PATH_MAX * 2];
	int rc;
	if (o->actual) {
		actual_path_of(path, sizeof path, p->actual, c);
		if (access(path, R_OK) != 0) {
			fprintf(stderr, "dslab: no actual transcript kept for %s (it is kept when a case "
				"fails, or with dslab run --keep)\n", c->name);
			rc = EXIT_USAGE;
		} else {
			rc = o->view ? print_views(path, o, c->name) : print_file(path, "cannot read:");
		}
	} else {
		golden_path_of(path, sizeof path, p->expected, c);
		rc = o->view ? print_views(path, o, c->name) : print_file(path, "no golden:");
	}
	cases_free(&all);
	return rc;
}
