#include "explain_command.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cases.h"
#include "explain.h"
#include "files.h"
#include "golden.h"
#include "golden_judge.h"
#include "suggest.h"
#include "views.h"

/* Scenario sources and annotation files are small. */
#define TEXT_MAX_BYTES (1024 * 1024)

/* The whole of a text file, malloc'd and NUL-terminated; NULL with errno
 * (EINVAL for a NUL byte inside). */
static char *read_text(const char *path)
{
	size_t len;
	char *text = read_whole_file(path, TEXT_MAX_BYTES, &len);
	if (text && memchr(text, '\0', len)) {
		free(text);
		errno = EINVAL;
		return NULL;
	}
	return text;
}

static int wants_colour(void)
{
	const char *no_colour = getenv("NO_COLOR");
	return isatty(STDOUT_FILENO) && !(no_colour && *no_colour);
}

/* One line: the case was not found, and what may have been meant. */
static void report_unknown_case(const struct case_list *all, const char *name)
{
	enum { SHOWN = 6 };
	const struct case_def *close[SHOWN];
	size_t total = cases_suggest(all, name, close, SHOWN);
	if (!total) {
		fprintf(stderr, "dslab: no case named '%s' (see dslab list)\n", name);
		return;
	}
	fprintf(stderr, "dslab: no case named '%s'; close matches:", name);
	for (size_t i = 0; i < total && i < SHOWN; i++)
		fprintf(stderr, "%s %s", i ? "," : "", close[i]->name);
	if (total > SHOWN)
		fprintf(stderr, " (and %zu more: dslab list)", total - SHOWN);
	fputc('\n', stderr);
}

/* The scenario's annotations, if it has a file of them: 0 (none: an empty
 * set), or -1 with the one-line reason printed. */
static int load_annotations(const char *sources_dir, const char *scenario, struct annotation_file *notes)
{
	char path[PATH_MAX * 2], label[PATH_MAX];
	snprintf(path, sizeof path, "%s/%s%s", sources_dir, scenario, ANNOTATION_SUFFIX);
	snprintf(label, sizeof label, "scenarios/%s%s", scenario, ANNOTATION_SUFFIX);
	memset(notes, 0, sizeof *notes);
	char *text = read_text(path);
	if (!text) {
		if (errno == ENOENT)
			return 0;
		fprintf(stderr, "dslab: %s: cannot read: %s\n", path, strerror(errno));
		return -1;
	}
	char why[512];
	int rc = annotations_parse(text, label, notes, why, sizeof why);
	free(text);
	if (rc != 0)
		fprintf(stderr, "dslab: %s\n", why);
	return rc;
}

static int load_header(const char *sources_dir, const char *scenario, struct lesson_header *header)
{
	char path[PATH_MAX * 2];
	snprintf(path, sizeof path, "%s/%s.c", sources_dir, scenario);
	char *source = read_text(path);
	if (!source) {
		fprintf(stderr, "dslab: %s: cannot read the lesson: %s\n", path, strerror(errno));
		return -1;
	}
	int rc = lesson_header_read(source, header);
	free(source);
	if (rc != 0)
		fprintf(stderr, "dslab: out of memory\n");
	return rc;
}

/* The explanation, then the views asked for, into out. */
static int render(FILE *out, const struct cli_options *o, const struct case_def *c,
		  const struct lesson_header *header, const struct annotation_file *notes,
		  const char *golden_path, const char *golden)
{
	struct explain_style style = {.colour = wants_colour(), .case_name = o->view ? NULL : c->name};
	if (explain_render(out, header, notes, c->variant_name, golden, &style) != 0) {
		fprintf(stderr, "dslab: out of memory\n");
		return EXIT_FAILED;
	}
	if (!o->view)
		return EXIT_PASS;
	struct transcript t = {0};
	char why[512];
	fputc('\n', out);
	int rc = EXIT_PASS;
	if (view_parse_snapshots(golden, &t, why, sizeof why) != 0 ||
	    view_render_snapshots(o->view, &t, c->name, out, why, sizeof why) != 0) {
		fprintf(stderr, "dslab: %s: %s\n", golden_path, why);
		rc = EXIT_USAGE;
	}
	transcript_free(&t);
	return rc;
}

int explain_command(const struct cli_options *o, const char *sources_dir, const char *expected_dir)
{
	struct case_list all;
	if (cases_all(&all) != 0) {
		fprintf(stderr, "dslab: out of memory\n");
		return EXIT_FAILED;
	}
	const struct case_def *c = cases_find(&all, o->patterns[0]);
	if (!c) {
		report_unknown_case(&all, o->patterns[0]);
		cases_free(&all);
		return EXIT_USAGE;
	}
	char golden_path[PATH_MAX * 2], why[512];
	golden_path_of(golden_path, sizeof golden_path, expected_dir, c);
	char *golden = NULL;
	enum golden_status status = golden_read(golden_path, &golden, why, sizeof why);
	if (status != GOLDEN_OK) {
		fprintf(stderr, "dslab: %s: %s\n", golden_path, status == GOLDEN_MISSING ? "no golden" : why);
		cases_free(&all);
		return EXIT_USAGE;
	}
	struct annotation_file notes;
	struct lesson_header header = {0};
	int rc = EXIT_USAGE;
	if (load_annotations(sources_dir, c->scenario->name, &notes) == 0 &&
	    load_header(sources_dir, c->scenario->name, &header) == 0) {
		/* Whole or nothing: bad input must not leave half an explanation. */
		char *text = NULL;
		size_t len = 0;
		FILE *memory = open_memstream(&text, &len);
		if (!memory) {
			fprintf(stderr, "dslab: out of memory\n");
			rc = EXIT_FAILED;
		} else {
			rc = render(memory, o, c, &header, &notes, golden_path, golden);
			if (fclose(memory) != 0 && rc == EXIT_PASS) {
				fprintf(stderr, "dslab: out of memory\n");
				rc = EXIT_FAILED;
			}
			if (rc == EXIT_PASS)
				fwrite(text, 1, len, stdout);
			free(text);
		}
	}
	lesson_header_free(&header);
	annotations_free(&notes);
	free(golden);
	cases_free(&all);
	return rc;
}

static const struct scenario *scenario_named(const char *name)
{
	for (size_t i = 0; i < scenario_catalogue_count; i++)
		if (strcmp(scenario_catalogue[i].name, name) == 0)
			return &scenario_catalogue[i];
	return NULL;
}

/* One scenario's annotation file against its lesson: problems found. */
static size_t check_scenario(const char *sources_dir, const char *expected_dir, const char *scenario,
			     const struct case_list *all, FILE *out)
{
	char label[PATH_MAX];
	snprintf(label, sizeof label, "scenarios/%s%s", scenario, ANNOTATION_SUFFIX);
	if (!scenario_named(scenario)) {
		fprintf(out, "%s: no scenario %s.c has these notes\n", label, scenario);
		return 1;
	}
	/* Parse errors go to stderr as in explain; here they are problems. */
	char path[PATH_MAX * 2], why[512];
	snprintf(path, sizeof path, "%s/%s%s", sources_dir, scenario, ANNOTATION_SUFFIX);
	char *text = read_text(path);
	if (!text) {
		fprintf(out, "%s: cannot read: %s\n", label, strerror(errno));
		return 1;
	}
	struct annotation_file notes;
	int parsed = annotations_parse(text, label, &notes, why, sizeof why);
	free(text);
	if (parsed != 0) {
		fprintf(out, "%s\n", why);
		return 1;
	}
	struct lesson_header header = {0};
	size_t problems = 0;
	snprintf(path, sizeof path, "%s/%s.c", sources_dir, scenario);
	char *source = read_text(path);
	if (!source || lesson_header_read(source, &header) != 0) {
		fprintf(out, "%s: cannot read the lesson %s.c\n", label, scenario);
		problems++;
	}
	free(source);

	struct variant_golden *goldens = calloc(all->count, sizeof *goldens);
	char **texts = calloc(all->count, sizeof *texts);
	char (*labels)[PATH_MAX * 2] = calloc(all->count, sizeof *labels);
	size_t count = 0;
	for (size_t i = 0; problems == 0 && goldens && texts && labels && i < all->count; i++) {
		const struct case_def *c = &all->item[i];
		if (strcmp(c->scenario->name, scenario) != 0)
			continue;
		golden_path_of(labels[count], sizeof labels[count], expected_dir, c);
		/* A missing or bad golden is check's own problem, reported there. */
		if (golden_read(labels[count], &texts[count], why, sizeof why) != GOLDEN_OK)
			continue;
		goldens[count] = (struct variant_golden){c->variant_name, labels[count], texts[count]};
		count++;
	}
	if (!goldens || !texts || !labels) {
		fprintf(out, "%s: out of memory\n", label);
		problems++;
	} else if (problems == 0) {
		problems += explain_check(label, &notes, &header, goldens, count, out);
	}
	for (size_t i = 0; texts && i < count; i++)
		free(texts[i]);
	free(texts);
	free(labels);
	free(goldens);
	lesson_header_free(&header);
	annotations_free(&notes);
	return problems;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t explain_check_all(const char *sources_dir, const char *expected_dir, FILE *out)
{
	struct case_list all;
	if (cases_all(&all) != 0) {
		fprintf(out, "out of memory\n");
		return 1;
	}
	/* The annotation files' scenario names, sorted: the same report on
	 * every file system. */
	size_t problems = 0, suffix = strlen(ANNOTATION_SUFFIX), count = 0;
	char **names = NULL;
	DIR *dir = opendir(sources_dir);
	struct dirent *e;
	while (dir && (e = readdir(dir))) {
		size_t len = strlen(e->d_name);
		if (len <= suffix || strcmp(e->d_name + len - suffix, ANNOTATION_SUFFIX) != 0)
			continue;
		char **grown = realloc(names, (count + 1) * sizeof *names);
		if (!grown || !(grown[count] = strndup(e->d_name, len - suffix))) {
			names = grown ? grown : names;
			fprintf(out, "out of memory\n");
			problems++;
			break;
		}
		names = grown;
		count++;
	}
	if (dir)
		closedir(dir);
	if (count)
		qsort(names, count, sizeof *names, compare_names);
	for (size_t i = 0; i < count; i++) {
		problems += check_scenario(sources_dir, expected_dir, names[i], &all, out);
		free(names[i]);
	}
	free(names);
	cases_free(&all);
	return problems;
}

int command_explain(const struct command_context *c)
{
	return explain_command(c->options, c->paths->sources, c->paths->expected);
}
