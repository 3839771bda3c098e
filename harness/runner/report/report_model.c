#include "report_model.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases.h"
#include "files.h"
#include "lesson_summary.h"

static char *copy(const char *text, int *failed)
{
	char *c = strdup(text ? text : "");
	if (!c)
		*failed = 1;
	return c;
}

char *report_relative_text(const char *text, const char *project_dir)
{
	char prefix[4200];
	snprintf(prefix, sizeof prefix, "%s/", project_dir ? project_dir : "");
	size_t prefix_len = strlen(prefix), len = strlen(text);
	char *out = malloc(len + 1), *o = out;
	if (!out)
		return NULL;
	for (const char *p = text; *p;) {
		if (prefix_len > 1 && strncmp(p, prefix, prefix_len) == 0) {
			p += prefix_len;
			continue;
		}
		*o++ = *p++;
	}
	*o = '\0';
	return out;
}

static char *relative_copy(const char *text, const char *project_dir, int *failed)
{
	char *c = report_relative_text(text ? text : "", project_dir);
	if (!c)
		*failed = 1;
	return c;
}

void report_collect(const struct case_result *result, void *context)
{
	struct report_collector *collector = context;
	struct report_page *page = collector->page;
	struct report_case *grown = realloc(page->kase, (page->case_count + 1) * sizeof *grown);
	if (!grown) {
		collector->out_of_memory = 1;
		return;
	}
	page->kase = grown;
	struct report_case *c = &page->kase[page->case_count++];
	memset(c, 0, sizeof *c);
	const struct case_def *def = result->def;
	int failed = 0;
	const char *bindv6only = "";
	for (size_t i = 0; i < def->variant.setting_count; i++)
		if (strcmp(def->variant.setting[i].key, "bindv6only") == 0)
			bindv6only = def->variant.setting[i].value;
	c->name = copy(def->name, &failed);
	c->scenario = copy(def->scenario->name, &failed);
	c->variant = copy(def->variant_name, &failed);
	c->bindv6only = copy(bindv6only, &failed);
	c->status = result->status;
	c->reason = relative_copy(result->reason, collector->project_dir, &failed);
	c->recorded = copy(result->recorded_tag, &failed);
	if (result->diff)
		c->diff = relative_copy(result->diff, collector->project_dir, &failed);

	const struct transcript *t = &result->transcript;
	size_t cells = transcript_count(t, RECORD_CELL);
	if (cells && !(c->cell = calloc(cells, sizeof *c->cell)))
		failed = 1;
	for (size_t i = 0; c->cell && i < t->count; i++) {
		const struct record *r = &t->record[i];
		if (r->type != RECORD_CELL || r->field_count < 4)
			continue;
		struct report_cell *cell = &c->cell[c->cell_count++];
		cell->grid = copy(r->field[CELL_GRID], &failed);
		cell->row = copy(r->field[CELL_ROW], &failed);
		cell->column = copy(r->field[CELL_COLUMN], &failed);
		cell->value = copy(r->field[CELL_VALUE], &failed);
	}
	size_t forms = transcript_count(t, RECORD_GRID_FORM);
	if (forms && !(c->form = calloc(forms, sizeof *c->form)))
		failed = 1;
	for (size_t i = 0; c->form && i < t->count; i++) {
		const struct record *r = &t->record[i];
		if (r->type != RECORD_GRID_FORM || r->field_count < 5)
			continue;
		struct report_grid_form *form = &c->form[c->form_count++];
		form->grid = copy(r->field[FORM_GRID], &failed);
		form->rows = copy(r->field[FORM_ROWS], &failed);
		form->columns = copy(r->field[FORM_COLUMNS], &failed);
		form->calls = copy(r->field[FORM_CALLS], &failed);
		form->tags = copy(r->field[FORM_TAGS], &failed);
	}
	if (failed)
		collector->out_of_memory = 1;
}

int report_add_lessons(struct report_page *page, const char *sources_dir)
{
	page->lesson = calloc(scenario_catalogue_count ? scenario_catalogue_count : 1, sizeof *page->lesson);
	if (!page->lesson)
		return -1;
	int failed = 0;
	for (size_t i = 0; i < scenario_catalogue_count; i++) {
		struct report_lesson *lesson = &page->lesson[page->lesson_count++];
		char summary[2048];
		lesson->name = copy(scenario_catalogue[i].name, &failed);
		if (lesson_summary_read(sources_dir, scenario_catalogue[i].name, summary, sizeof summary) == 0)
			lesson->summary = copy(summary, &failed);
	}
	return failed ? -1 : 0;
}

/* The whole file, NUL-terminated; NULL with errno set (EFBIG: too large). */
static char *read_text(const char *path)
{
	return read_whole_file(path, KERNEL_DIFF_MAX_BYTES, NULL);
}

static int ends_with(const char *text, const char *suffix)
{
	size_t a = strlen(text), b = strlen(suffix);
	return a >= b && strcmp(text + a - b, suffix) == 0;
}

/* One line of cells.tsv: case, grid, row, column, where, value. */
static int add_kernel_cell(struct report_page *page, const char *text)
{
	char *line = strdup(text), *field[6], *p = line;
	if (!line)
		return -1;
	for (int f = 0; f < 6; f++) {
		field[f] = p;
		p = f < 5 ? strchr(p, '\t') : NULL;
		if (f < 5 && !p) {
			free(line); /* not a cell line: ignored */
			return 0;
		}
		if (p)
			*p++ = '\0';
	}
	struct report_kernel_cell *grown =
		realloc(page->kernel_cell, (page->kernel_cell_count + 1) * sizeof *grown);
	if (!grown) {
		free(line);
		return -1;
	}
	page->kernel_cell = grown;
	page->kernel_cell[page->kernel_cell_count++] = (struct report_kernel_cell){
		line, field[0], field[1], field[2], field[3], field[4], field[5]};
	return 0;
}

/* cells.tsv beside the diff file, if there is one. */
static int load_kernel_cells(struct report_page *page, const char *diff_path)
{
	char path[4200];
	const char *slash = strrchr(diff_path, '/');
	snprintf(path, sizeof path, "%.*s%s", slash ? (int)(slash - diff_path + 1) : 0, diff_path,
		 KERNEL_CELLS_NAME);
	char *text = read_text(path);
	if (!text)
		return 0;
	int rc = 0;
	for (char *line = strtok(text, "\n"); line && rc == 0; line = strtok(NULL, "\n"))
		rc = add_kernel_cell(page, line);
	free(text);
	return rc;
}

int report_load_kernel_diff(struct report_page *page, const char *explicit_path, const char *build_dir,
			    const char *project_dir, char *why, size_t why_size)
{
	page->kernel_diff_kind = KERNEL_DIFF_NONE;
	page->kernel_diff = NULL;
	page->kernel_diff_path = NULL;
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", build_dir, KERNEL_DIFF_MARKDOWN_PATH);
	if (!(page->kernel_diff_default = report_relative_text(path, project_dir))) {
		snprintf(why, why_size, "out of memory");
		return -1;
	}

	if (explicit_path) {
		snprintf(path, sizeof path, "%s", explicit_path);
	} else {
		snprintf(path, sizeof path, "%s/%s", build_dir, KERNEL_DIFF_MARKDOWN_PATH);
		FILE *probe = fopen(path, "re");
		if (!probe)
			snprintf(path, sizeof path, "%s/%s", build_dir, KERNEL_DIFF_JSON_PATH);
		else
			fclose(probe);
		probe = fopen(path, "re");
		if (!probe)
			return 0; /* no kernel matrix run yet */
		fclose(probe);
	}
	char *text = read_text(path);
	char *shown = text ? report_relative_text(path, project_dir) : NULL;
	if (text && shown && load_kernel_cells(page, path) != 0) {
		snprintf(why, why_size, "out of memory");
		free(text);
		free(shown);
		return -1;
	}
	if (!text || !shown) {
		snprintf(why, why_size, "%s: cannot read the kernel diff: %s", path, strerror(errno));
		free(text);
		return -1;
	}
	page->kernel_diff = text;
	page->kernel_diff_path = shown;
	page->kernel_diff_kind = ends_with(path, ".json") ? KERNEL_DIFF_JSON : KERNEL_DIFF_MARKDOWN;
	return 0;
}

void report_free_kernel_diff(struct report_page *page)
{
	free((char *)page->kernel_diff);
	free((char *)page->kernel_diff_path);
	free((char *)page->kernel_diff_default);
	page->kernel_diff_default = NULL;
	page->kernel_diff = NULL;
	for (size_t i = 0; i < page->kernel_cell_count; i++)
		free(page->kernel_cell[i].line);
	free(page->kernel_cell);
	page->kernel_cell = NULL;
	page->kernel_cell_count = 0;
	page->kernel_diff_path = NULL;
	page->kernel_diff_kind = KERNEL_DIFF_NONE;
}
