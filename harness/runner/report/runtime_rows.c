/* runtime_rows: the runtimes table's rows from the goldens (runtime_rows.h). */
#include "runtime_rows.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cases.h"
#include "golden.h"
#include "golden_judge.h"
#include "growth.h"

#define UNDER_0 "bindv6only=0"
#define UNDER_1 "bindv6only=1"

/* The case's golden read into cell: 1 if it starts a program, 0 if it does
 * not or is missing, -1 (why) if it cannot be read. */
static int read_cell(const char *expected_dir, const struct case_def *c, struct program_summary *cell,
		     char *why, size_t why_size)
{
	char path[PATH_MAX], *text = NULL, problem[128];
	if (golden_path_of(path, sizeof path, expected_dir, c) != 0) {
		snprintf(why, why_size, "%s: path too long", c->name);
		return -1;
	}
	enum golden_status status = golden_read(path, &text, problem, sizeof problem);
	if (status == GOLDEN_MISSING)
		return 0;
	if (status != GOLDEN_OK) {
		snprintf(why, why_size, "%s: %s", path, problem);
		return -1;
	}
	int rc = program_summary_read(text, cell, problem, sizeof problem);
	free(text);
	if (rc < 0)
		snprintf(why, why_size, "%s: %s", path, problem);
	return rc;
}

/* The row of case c (under bindv6only=0) and its twin; 1 if c's golden
 * starts a program. */
static int read_row(const char *expected_dir, const struct case_list *all, const struct case_def *c,
		    struct runtime_row *row, char *why, size_t why_size)
{
	memset(row, 0, sizeof *row);
	int rc = read_cell(expected_dir, c, &row->cell[0], why, why_size);
	if (rc <= 0)
		return rc;
	row->has[0] = 1;
	const char *rest = c->variant_name + strlen(UNDER_0);
	snprintf(row->lesson, sizeof row->lesson, "%s", c->scenario->name);
	snprintf(row->settings, sizeof row->settings, "%s", rest[0] == ',' ? rest + 1 : rest);
	char twin_name[sizeof c->name + 16];
	snprintf(twin_name, sizeof twin_name, "%s/%s%s", c->scenario->name, UNDER_1, rest);
	const struct case_def *twin = cases_find(all, twin_name);
	if (twin && (rc = read_cell(expected_dir, twin, &row->cell[1], why, why_size)) < 0)
		return -1;
	row->has[1] = twin && rc == 1;
	return 1;
}

int runtime_rows_read(const char *expected_dir, struct runtime_rows *rows, char *why, size_t why_size)
{
	rows->row = NULL;
	rows->count = 0;
	struct stat st;
	if (stat(expected_dir, &st) != 0) {
		snprintf(why, why_size, "%s: %s", expected_dir, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(why, why_size, "%s: not a directory", expected_dir);
		return -1;
	}
	struct case_list all;
	if (cases_all(&all) != 0) {
		snprintf(why, why_size, "out of memory");
		return -1;
	}
	size_t capacity = 0;
	int rc = 0;
	for (size_t i = 0; i < all.count && rc == 0; i++) {
		const struct case_def *c = &all.item[i];
		if (strncmp(c->variant_name, UNDER_0, strlen(UNDER_0)) != 0)
			continue;
		struct runtime_row *grown = grow_to_fit(rows->row, rows->count + 1, &capacity, sizeof *grown, 16, 0);
		if (!grown) {
			snprintf(why, why_size, "out of memory");
			rc = -1;
			break;
		}
		rows->row = grown;
		int read = read_row(expected_dir, &all, c, &rows->row[rows->count], why, why_size);
		if (read < 0)
			rc = -1;
		else if (read == 1)
			rows->count++;
	}
	cases_free(&all);
	if (rc != 0)
		runtime_rows_free(rows);
	return rc;
}

void runtime_rows_free(struct runtime_rows *rows)
{
	free(rows->row);
	rows->row = NULL;
	rows->count = 0;
}

const char *runtime_took_text(const struct program_summary *cell)
{
	return cell->took4 && cell->took6 ? "IPv4 and IPv6"
	       : cell->took4		  ? "IPv4 only"
	       : cell->took6		  ? "IPv6 only"
					  : "nothing";
}
