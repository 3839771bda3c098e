/* kernel_matrix_report: the matrix of dslab kernels as a terminal table,
 * markdown and JSON (kernel_matrix.h). */
#include "kernel_matrix.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats.h"
#include "golden.h"

const char *const verdict_name[] = {"same", "recorded", "new", "updated", "no-result"};

static void json_opt(FILE *out, const char *text)
{
	if (text)
		json_write_string(out, text);
	else
		fputs("null", out);
}

/* A VM column that used TCG because an earlier column's KVM made no
 * progress (vm.sh's accel_note "KVM not tried: ..."). */
static int is_accel_decided_earlier(const struct column *c)
{
	return strncmp(c->accel_note, "KVM not tried", 13) == 0;
}

static void json_seconds(FILE *out, double s)
{
	if (s < 0)
		fputs("null", out);
	else
		fprintf(out, "%.2f", s);
}

/* A cell's place, as a reader finds it. */
static void describe(FILE *out, const struct diff_item *d, int markdown)
{
	const char *code = markdown ? "`" : "'";
	if (d->kind == DIFF_CELL)
		fprintf(out, "grid %s%s%s, row %s%s%s, column %s%s%s", code, d->grid, code, code, d->row,
			code, code, d->column, code);
	else
		fprintf(out, "line %zu", d->line);
}

void kernel_matrix_print(FILE *out, struct column *cols, size_t ncols, const struct case_list *cases,
			   struct cell *cells)
{
	fprintf(out, "\nkernel and libc matrix: reference = the main goldens (expected/REFERENCE names their kernel and libc)\n");
	fprintf(out, "  %-12s %-10s %-28s %8s %8s %8s  %-5s  %s\n", "column", "libc", "kernel", "boot s",
		"suite s", "wall s", "accel", "result");
	for (size_t k = 0; k < ncols; k++) {
		struct column *c = &cols[k];
		char boot[16] = "-", suite[16] = "-", wall[16] = "-";
		if (c->boot >= 0)
			snprintf(boot, sizeof boot, "%.2f", c->boot);
		if (c->suite >= 0)
			snprintf(suite, sizeof suite, "%.2f", c->suite);
		if (c->wall > 0)
			snprintf(wall, sizeof wall, "%.2f", c->wall);
		fprintf(out, "  %-12s %-10s %-28s %8s %8s %8s  %-5s  %s\n", c->name, c->libc,
			*c->kernel ? c->kernel : "-", boot, suite, wall, *c->accel ? c->accel : "-",
			c->ran ? "ran" : c->failed ? "no result" : "skipped");
		if (!c->ran && *c->reason) {
			if (c->failed)
				fprintf(out, "  kernel %s: %s\n", c->name, c->reason);
			else
				fprintf(out, "    (%s)\n", c->reason);
		}
		/* Where KVM was given up: said once, under the column it
		 * happened in (the later ones did not try it). */
		if (c->ran && *c->accel_note && !is_accel_decided_earlier(c))
			fprintf(out, "    (%s)\n", c->accel_note);
	}
	size_t differing = 0;
	for (size_t i = 0; i < cases->count; i++) {
		int header = 0;
		for (size_t k = 0; k < ncols; k++) {
			struct cell *cell = &cells[i * ncols + k];
			if (!cols[k].ran || (cell->verdict == SAME && !*cell->note))
				continue;
			if (!header) {
				fprintf(out, "\n%s\n", cases->item[i].name);
				header = 1;
				differing++;
			}
			fprintf(out, "  %s: %s%s%s\n", cols[k].name, verdict_name[cell->verdict],
				*cell->note ? " - " : "", cell->note);
			for (size_t j = 0; j < cell->diffs.count; j++) {
				const struct diff_item *d = &cell->diffs.item[j];
				fputs("    ", out);
				describe(out, d, 0);
				fprintf(out, ": %s -> %s\n", d->expected ? d->expected : "(absent)",
					d->actual ? d->actual : "(absent)");
			}
		}
	}
	if (!differing)
		fprintf(out, "\nNo difference: every case that ran gave its main golden's transcript.\n");
	else
		fprintf(out, "\n%zu case%s differ%s (main golden -> that column)\n", differing,
			differing == 1 ? "" : "s", differing == 1 ? "s" : "");
}

static void markdown_cell(FILE *out, const char *text)
{
	fputc('`', out);
	for (; text && *text; text++)
		fputs(*text == '|' ? "\\|" : (char[]){*text, 0}, out);
	if (!text)
		fputs("(absent)", out);
	fputc('`', out);
}

static void write_markdown(FILE *out, struct column *cols, size_t ncols, const struct case_list *cases,
			   struct cell *cells)
{
	fprintf(out, "# Behaviour diff: kernels and libcs\n\n"
		"Reference: the main goldens (this host, glibc). Each row below is one\n"
		"place where a column's transcript differs from them.\n\n"
		"| column | libc | kernel | boot s | suite s | wall s | accel | result |\n"
		"| --- | --- | --- | --- | --- | --- | --- | --- |\n");
	for (size_t k = 0; k < ncols; k++) {
		struct column *c = &cols[k];
		fprintf(out, "| %s | %s | %s | ", c->name, c->libc, *c->kernel ? c->kernel : "-");
		if (c->boot >= 0) fprintf(out, "%.2f", c->boot); else fputs("-", out);
		fputs(" | ", out);
		if (c->suite >= 0) fprintf(out, "%.2f", c->suite); else fputs("-", out);
		fprintf(out, " | %.2f | %s | %s |\n", c->wall, *c->accel ? c->accel : "-",
			c->ran ? "ran" : c->failed ? "no result" : "skipped");
	}
	for (size_t k = 0; k < ncols; k++)
		if (cols[k].ran && *cols[k].accel_note && !is_accel_decided_earlier(&cols[k]))
			fprintf(out, "\n%s: %s\n", cols[k].name, cols[k].accel_note);
	for (size_t k = 0; k < ncols; k++)
		if (!cols[k].ran && *cols[k].reason) {
			fprintf(out, "\n%s: %s:\n\n```\n%s\n```\n", cols[k].name,
				cols[k].failed ? "no result" : "skipped", cols[k].reason);
		}
	fprintf(out, "\n| case | column | verdict | where | main golden | this column |\n"
		"| --- | --- | --- | --- | --- | --- |\n");
	size_t rows = 0;
	for (size_t i = 0; i < cases->count; i++)
		for (size_t k = 0; k < ncols; k++) {
			struct cell *cell = &cells[i * ncols + k];
			if (!cols[k].ran || (cell->verdict == SAME && !*cell->note))
				continue;
			if (cell->diffs.count == 0) {
				fprintf(out, "| `%s` | %s | %s | %s | | |\n", cases->item[i].name, cols[k].name,
					verdict_name[cell->verdict], cell->note);
				rows++;
			}
			for (size_t j = 0; j < cell->diffs.count; j++) {
				const struct diff_item *d = &cell->diffs.item[j];
				fprintf(out, "| `%s` | %s | %s | ", cases->item[i].name, cols[k].name,
					verdict_name[cell->verdict]);
				describe(out, d, 1);
				fputs(" | ", out);
				markdown_cell(out, d->expected);
				fputs(" | ", out);
				markdown_cell(out, d->actual);
				fputs(" |\n", out);
				rows++;
			}
		}
	if (!rows)
		fprintf(out, "| | | | No difference | | |\n");
}

static void write_json(FILE *out, struct column *cols, size_t ncols, const struct case_list *cases,
		       struct cell *cells)
{
	fprintf(out, "{\"format\":\"dslab-behaviour-diff/1\",\"reference\":\"main goldens (host, glibc)\",\n"
		"\"columns\":[");
	for (size_t k = 0; k < ncols; k++) {
		struct column *c = &cols[k];
		fprintf(out, "%s\n {\"name\":", k ? "," : "");
		json_write_string(out, c->name);
		fputs(",\"libc\":", out);
		json_write_string(out, c->libc);
		fputs(",\"kernel\":", out);
		json_opt(out, *c->kernel ? c->kernel : NULL);
		fprintf(out, ",\"status\":\"%s\",\"reason\":", c->ran ? "ran" : c->failed ? "no-result" : "skipped");
		json_opt(out, *c->reason ? c->reason : NULL);
		fputs(",\"boot_seconds\":", out);
		json_seconds(out, c->boot);
		fputs(",\"suite_seconds\":", out);
		json_seconds(out, c->suite);
		fputs(",\"wall_seconds\":", out);
		json_seconds(out, c->wall);
		fputs(",\"accel\":", out);
		json_opt(out, *c->accel ? c->accel : NULL);
		fputs(",\"accel_note\":", out);
		json_opt(out, *c->accel_note ? c->accel_note : NULL);
		fputc('}', out);
	}
	fputs("],\n\"differences\":[", out);
	size_t n = 0;
	for (size_t i = 0; i < cases->count; i++)
		for (size_t k = 0; k < ncols; k++) {
			struct cell *cell = &cells[i * ncols + k];
			if (!cols[k].ran || (cell->verdict == SAME && !*cell->note))
				continue;
			fprintf(out, "%s\n {\"case\":", n++ ? "," : "");
			json_write_string(out, cases->item[i].name);
			fputs(",\"column\":", out);
			json_write_string(out, cols[k].name);
			fprintf(out, ",\"verdict\":\"%s\",\"note\":", verdict_name[cell->verdict]);
			json_opt(out, *cell->note ? cell->note : NULL);
			fputs(",\"items\":[", out);
			for (size_t j = 0; j < cell->diffs.count; j++) {
				const struct diff_item *d = &cell->diffs.item[j];
				fprintf(out, "%s{\"kind\":\"%s\",\"line\":", j ? "," : "",
					d->kind == DIFF_CELL ? "cell" : "line");
				if (d->line) fprintf(out, "%zu", d->line); else fputs("null", out);
				if (d->kind == DIFF_CELL) {
					fputs(",\"grid\":", out);
					json_write_string(out, d->grid);
					fputs(",\"row\":", out);
					json_write_string(out, d->row);
					fputs(",\"column\":", out);
					json_write_string(out, d->column);
				}
				fputs(",\"expected\":", out);
				json_opt(out, d->expected);
				fputs(",\"actual\":", out);
				json_opt(out, d->actual);
				fputc('}', out);
			}
			fputs("]}", out);
		}
	fprintf(out, "]}\n");
}

/* cells.tsv: one line per grid cell that differs from the main golden in
 * a column: case, grid, row, column, the column's name, its value. (Fields
 * of a transcript never hold a tab.) The HTML report marks those cells. */
static void write_cells(FILE *out, struct column *cols, size_t ncols, const struct case_list *cases,
			struct cell *cells)
{
	for (size_t i = 0; i < cases->count; i++)
		for (size_t k = 0; k < ncols; k++) {
			struct cell *cell = &cells[i * ncols + k];
			for (size_t j = 0; cols[k].ran && j < cell->diffs.count; j++) {
				const struct diff_item *d = &cell->diffs.item[j];
				if (d->kind == DIFF_CELL)
					fprintf(out, "%s\t%s\t%s\t%s\t%s\t%s\n", cases->item[i].name, d->grid,
						d->row, d->column, cols[k].name, d->actual ? d->actual : "-");
			}
		}
}

int kernel_matrix_write(const char *path, enum kernel_matrix_format format, struct column *cols,
			size_t ncols, const struct case_list *cases, struct cell *cells)
{
	void (*writer)(FILE *, struct column *, size_t, const struct case_list *, struct cell *) =
		format == KERNEL_MATRIX_JSON ? write_json :
		format == KERNEL_MATRIX_CELLS ? write_cells : write_markdown;
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);
	if (!m)
		return -1;
	writer(m, cols, ncols, cases, cells);
	if (fclose(m) != 0)
		return -1;
	/* An empty cells.tsv is a file too (golden_write_atomic takes any text). */
	int rc = golden_write_atomic(path, text);
	free(text);
	return rc;
}
