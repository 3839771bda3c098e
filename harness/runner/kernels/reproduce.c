#include "reproduce.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "behaviour_diff.h"
#include "cases.h"
#include "golden.h"
#include "golden_judge.h"
#include "golden_reference.h"
#include "reproducer_source.h"

/* The scenarios whose grids the template's calls reproduce. */
static const char reproducible_scenario[] = "bind_matrix_tcp";

static const char *setting(const struct case_def *c, const char *key)
{
	for (size_t i = 0; i < c->variant.setting_count; i++)
		if (strcmp(c->variant.setting[i].key, key) == 0)
			return c->variant.setting[i].value;
	return "";
}

/* The first kernel override of the case's golden by name
 * (<variant>@linux-X.Y.golden): its tag in tag; 0 if there is one. */
static int find_kernel_override(const char *expected_dir, const struct case_def *c, char *tag, size_t size)
{
	char dir_path[PATH_MAX];
	snprintf(dir_path, sizeof dir_path, "%s/%s", expected_dir, c->scenario->name);
	size_t variant_len = strlen(c->variant_name), suffix_len = strlen(".golden");
	DIR *dir = opendir(dir_path);
	struct dirent *e;
	tag[0] = '\0';
	while (dir && (e = readdir(dir))) {
		const char *name = e->d_name, *candidate = name + variant_len + 1;
		size_t len = strlen(name);
		if (len <= variant_len + 1 + suffix_len || strncmp(name, c->variant_name, variant_len) != 0 ||
		    name[variant_len] != '@' || strcmp(name + len - suffix_len, ".golden") != 0 ||
		    strncmp(candidate, "linux-", 6) != 0)
			continue;
		size_t tag_len = len - suffix_len - variant_len - 1;
		if (tag_len < size && (!tag[0] || strncmp(candidate, tag, tag_len) < 0))
			snprintf(tag, size, "%.*s", (int)tag_len, candidate);
	}
	if (dir)
		closedir(dir);
	return tag[0] ? 0 : -1;
}

/* Marks each cell where the override differs (its text in actual); keeps
 * the override's first line ("#@linux-6.1 differs from ...") in note. */
static void mark_observed(struct diff_list *cells, const char *main_text, const char *override_text,
			  char *note, size_t note_size)
{
	snprintf(note, note_size, "%.*s", (int)strcspn(override_text, "\n"), override_text);
	const char *body = strchr(override_text, '\n');
	struct diff_list diff;
	if (!body || behaviour_diff(main_text, body + 1, &diff) != 0)
		return;
	for (size_t d = 0; d < diff.count; d++)
		for (size_t i = 0; diff.item[d].kind == DIFF_CELL && i < cells->count; i++)
			if (strcmp(cells->item[i].grid, diff.item[d].grid) == 0 &&
			    strcmp(cells->item[i].row, diff.item[d].row) == 0 &&
			    strcmp(cells->item[i].column, diff.item[d].column) == 0 && diff.item[d].actual)
				cells->item[i].actual = strdup(diff.item[d].actual);
	diff_list_free(&diff);
}

/* What the user typed, for a one-line message: control characters as '?'
 * (in place: the strings are argv's). */
static const char *printable(char *text)
{
	for (char *p = text; *p; p++)
		if (iscntrl((unsigned char)*p))
			*p = '?';
	return text;
}

/* The cells asked for: all, or those at (row, column). */
static size_t select_cells(const struct diff_list *cells, const struct cli_options *o,
			   const struct diff_item **chosen)
{
	size_t n = 0;
	for (size_t i = 0; i < cells->count; i++)
		if (!o->cell_row || (strcmp(cells->item[i].row, o->cell_row) == 0 &&
				     strcmp(cells->item[i].column, o->cell_column) == 0))
			chosen[n++] = &cells->item[i];
	return n;
}

static int write_program(const struct cli_options *o, const struct reproducer_spec *spec,
			 const struct diff_item **chosen, size_t count)
{
	char *text = NULL, why[512] = "";
	size_t len = 0;
	FILE *memory = open_memstream(&text, &len);
	int rc = !memory ? -1 : reproducer_write_source(memory, spec, chosen, count, why, sizeof why);
	if (memory && fclose(memory) != 0)
		rc = -1;
	if (rc == 0 && o->output && golden_write_atomic(o->output, text) != 0) {
		snprintf(why, sizeof why, "%s: cannot write: %s", o->output, strerror(errno));
		rc = -1;
	} else if (rc == 0 && !o->output) {
		fwrite(text, 1, len, stdout);
	}
	if (rc != 0)
		fprintf(stderr, "dslab: %s\n", why[0] ? why : "out of memory");
	free(text);
	return rc == 0 ? EXIT_PASS : EXIT_USAGE;
}

static int reproduce_case(const struct cli_options *o, const char *expected_dir, const struct case_def *c)
{
	char path[PATH_MAX], why[256], tag[64], note[1024] = "";
	char *main_text = NULL, *override_text = NULL;
	golden_path_of(path, sizeof path, expected_dir, c);
	if (golden_read(path, &main_text, why, sizeof why) != GOLDEN_OK) {
		fprintf(stderr, "dslab: %s: no golden to reproduce (%s)\n", path, why);
		return EXIT_USAGE;
	}
	struct diff_list cells;
	int rc = EXIT_USAGE;
	if (behaviour_cells(main_text, &cells) != 0) {
		fprintf(stderr, "dslab: out of memory\n");
		free(main_text);
		return EXIT_USAGE;
	}
	int has_override = find_kernel_override(expected_dir, c, tag, sizeof tag) == 0;
	char override_path[PATH_MAX];
	if (has_override && golden_override_path(path, tag, override_path, sizeof override_path) == 0 &&
	    golden_read(override_path, &override_text, why, sizeof why) == GOLDEN_OK)
		mark_observed(&cells, main_text, override_text, note, sizeof note);
	else
		has_override = 0;
	const struct diff_item **chosen = calloc(cells.count + 1, sizeof *chosen);
	size_t count = chosen ? select_cells(&cells, o, chosen) : 0;
	if (cells.count == 0) {
		fprintf(stderr, "dslab: %s has no grid: reproduce writes the cells of %s's grids\n", c->name,
			reproducible_scenario);
	} else if (strcmp(c->scenario->name, reproducible_scenario) != 0) {
		fprintf(stderr, "dslab: reproduce knows %s's cells only, not %s's (yet)\n",
			reproducible_scenario, c->scenario->name);
	} else if (count == 0) {
		fprintf(stderr, "dslab: no cell '%s' x '%s' in %s (ROW and COLUMN as dslab show prints "
			"them, e.g. '[::ffff:0.0.0.0]' '[::ffff:127.0.0.1] v6only=0')\n",
			printable(o->cell_row), printable(o->cell_column), c->name);
	} else {
		char golden_name[PATH_MAX], reference_text[256];
		snprintf(golden_name, sizeof golden_name, "expected/%s.golden", c->name);
		struct golden_reference reference;
		int has_reference = golden_reference_read(expected_dir, &reference, why, sizeof why) == 0;
		if (has_reference)
			golden_reference_text(&reference, reference_text, sizeof reference_text);
		struct reproducer_spec spec = {
			.case_name = c->name, .golden_path = golden_name,
			.reference = has_reference ? reference_text : NULL,
			.bindv6only = setting(c, "bindv6only"), .reuse = setting(c, "reuse"),
			.order = setting(c, "order"), .observed_on = has_override ? tag : NULL,
			.observed_note = has_override ? note : NULL};
		rc = write_program(o, &spec, chosen, count);
	}
	free(chosen);
	diff_list_free(&cells);
	free(override_text);
	free(main_text);
	return rc;
}

int reproduce_command(const struct cli_options *o, const char *expected_dir)
{
	struct case_list all;
	if (cases_all(&all) != 0) {
		fprintf(stderr, "dslab: out of memory\n");
		return EXIT_USAGE;
	}
	const struct case_def *c = cases_find(&all, o->patterns[0]);
	int rc = EXIT_USAGE;
	if (!c)
		fprintf(stderr, "dslab: no case named '%s' (see dslab list)\n", o->patterns[0]);
	else
		rc = reproduce_case(o, expected_dir, c);
	cases_free(&all);
	return rc;
}

int command_reproduce(const struct command_context *c)
{
	return reproduce_command(c->options, c->paths->expected);
}
