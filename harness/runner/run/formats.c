#include "formats.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "version.h"

void json_write_string(FILE *out, const char *text)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\t': fputs("\\t", out); break;
		case '\r': fputs("\\r", out); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(out, "\\u%04x", *p);
			else
				fputc(*p, out);
		}
	}
	fputc('"', out);
}

/* Numbers as JSON numbers, anything else (errno names) as strings. */
static void json_write_scalar(FILE *out, const char *text)
{
	const char *p = text + (*text == '-');
	int numeric = *p != '\0' && strlen(p) < 10;
	for (; *p && numeric; p++)
		numeric = isdigit((unsigned char)*p);
	if (numeric)
		fputs(text, out);
	else
		json_write_string(out, text);
}

static void json_write_v6only(FILE *out, const char *text)
{
	fputs(strcmp(text, "0") == 0 || strcmp(text, "1") == 0 ? text : "null", out);
}

/* "name":"value" for the first count fields of r, comma-separated. */
static void json_write_members(FILE *out, const struct record *r, const char *const *names, int count)
{
	for (int f = 0; f < count && f < r->field_count; f++) {
		fprintf(out, "%s\"%s\":", f ? "," : "", names[f]);
		json_write_string(out, r->field[f]);
	}
}

void json_write_row(FILE *out, const struct record *row)
{
	static const char *const names[] = {"file", "state", "local", "remote"};
	fputc('{', out);
	json_write_members(out, row, names, 4);
	fputs(",\"v6only\":", out);
	json_write_v6only(out, row->field[ROW_V6ONLY]);
	fputs(",\"name\":", out);
	if (row->field[ROW_NAME][0])
		json_write_string(out, row->field[ROW_NAME]);
	else
		fputs("null", out);
	fputc('}', out);
}

/* The case, its variant, status and why. */
static void json_case(FILE *out, const struct case_result *r, const char *reference)
{
	const struct case_def *c = r->def;
	fputs("{\"case\":", out);
	json_write_string(out, c->name);
	fputs(",\"scenario\":", out);
	json_write_string(out, c->scenario->name);
	fputs(",\"variant\":{", out);
	for (size_t i = 0; i < c->variant.setting_count; i++) {
		fprintf(out, "%s", i ? "," : "");
		json_write_string(out, c->variant.setting[i].key);
		fputc(':', out);
		json_write_scalar(out, c->variant.setting[i].value);
	}
	fputs("},\"status\":", out);
	json_write_string(out, case_status_name(r->status));
	if (r->reason[0]) {
		fputs(",\"reason\":", out);
		json_write_string(out, r->reason);
	}
	if (r->updated)
		fputs(",\"updated\":true", out);
	if (r->recorded_tag[0]) {
		fputs(",\"recorded\":", out);
		json_write_string(out, r->recorded_tag);
	}
	if (reference) {
		fputs(",\"reference\":", out);
		json_write_string(out, reference);
	}
	/* What judged it: this dslab's version and the commit it was built from. */
	fputs(",\"version\":", out);
	json_write_string(out, dslab_version);
	fputs(",\"commit\":", out);
	json_write_string(out, dslab_commit);
}

static void json_events(FILE *out, const struct transcript *t)
{
	fputs(",\"events\":[", out);
	int first = 1;
	for (size_t i = 0; i < t->count; i++) {
		const struct record *e = &t->record[i];
		if (e->type != RECORD_EVENT)
			continue;
		fputs(first ? "{\"call\":" : ",{\"call\":", out);
		first = 0;
		json_write_string(out, e->field[EVENT_CALL]);
		fputs(",\"result\":", out);
		json_write_scalar(out, e->field[EVENT_RESULT]);
		if (e->field[EVENT_SOCKET][0]) {
			fputs(",\"socket\":", out);
			json_write_string(out, e->field[EVENT_SOCKET]);
		}
		if (e->field[EVENT_DETAIL][0]) {
			fputs(",\"detail\":", out);
			json_write_string(out, e->field[EVENT_DETAIL]);
		}
		fputc('}', out);
	}
	fputc(']', out);
}

static void json_snapshots(FILE *out, const struct transcript *t)
{
	fputs(",\"snapshots\":[", out);
	int first = 1;
	for (size_t i = 0; i < t->count; i++) {
		if (t->record[i].type != RECORD_SNAPSHOT)
			continue;
		fputs(first ? "{\"label\":" : ",{\"label\":", out);
		first = 0;
		json_write_string(out, t->record[i].field[0]);
		fputs(",\"rows\":[", out);
		for (size_t j = i + 1; j < t->count && t->record[j].type == RECORD_ROW; j++) {
			fputs(j == i + 1 ? "" : ",", out);
			json_write_row(out, &t->record[j]);
		}
		fputs("]}", out);
	}
	fputc(']', out);
}

/* "key":[{...},...] of every record of a type, its fields named; nothing
 * when there is none. */
static void json_records(FILE *out, const struct transcript *t, const char *key, char type,
			 const char *const *names, size_t count)
{
	if (!transcript_first(t, type))
		return;
	fprintf(out, ",\"%s\":[", key);
	int first = 1;
	for (size_t i = 0; i < t->count; i++) {
		const struct record *r = &t->record[i];
		if (r->type != type)
			continue;
		fputs(first ? "{" : ",{", out);
		first = 0;
		json_write_members(out, r, names, count);
		fputc('}', out);
	}
	fputc(']', out);
}

static void print_json(FILE *out, const struct case_result *r, const char *reference)
{
	static const char *const cell_names[] = {"grid", "row", "column", "value"};
	static const char *const form_names[] = {"grid", "rows", "columns", "calls", "tags"};
	json_case(out, r, reference);
	json_events(out, &r->transcript);
	json_snapshots(out, &r->transcript);
	json_records(out, &r->transcript, "cells", RECORD_CELL, cell_names, 4);
	json_records(out, &r->transcript, "grid_forms", RECORD_GRID_FORM, form_names, 5);
	if (r->diff) {
		fputs(",\"diff\":", out);
		json_write_string(out, r->diff);
	}
	fputs("}\n", out);
}

static void print_indented(FILE *out, const char *prefix, const char *text)
{
	while (text && *text) {
		size_t len = strcspn(text, "\n");
		fprintf(out, "%s%.*s\n", prefix, (int)len, text);
		text += len + (text[len] == '\n');
	}
}

static void print_human(FILE *out, const struct case_result *r)
{
	static const char *const labels[] = {"PASS", "FAIL", "SKIP", "TIMEOUT", "CRASH"};
	const char *label = r->updated ? "UPDATED" : labels[r->status];
	if (r->reason[0])
		fprintf(out, "%-7s %s: %s\n", label, r->def->name, r->reason);
	else if (r->recorded_tag[0])
		fprintf(out, "%-7s %s (recorded for %s)\n", label, r->def->name, r->recorded_tag);
	else
		fprintf(out, "%-7s %s\n", label, r->def->name);
	if (r->status == CASE_PASS || r->status == CASE_SKIP)
		return;
	if (r->diff)
		print_indented(out, "    ", r->diff);
	if (r->output && r->output[0]) {
		fprintf(out, "    scenario output:\n");
		print_indented(out, "      ", r->output);
	}
	if (r->actual_kept)
		fprintf(out, "    actual transcript: %s\n", r->actual_path);
}

static void print_ktap(FILE *out, const struct case_result *r, size_t number)
{
	if (r->status == CASE_SKIP) {
		fprintf(out, "ok %zu %s # SKIP %s\n", number, r->def->name, r->reason);
		return;
	}
	if (r->status != CASE_PASS)
		fprintf(out, "# %s: %s\n", case_status_name(r->status), r->reason);
	if (r->diff)
		print_indented(out, "# ", r->diff);
	if (r->status == CASE_PASS && r->recorded_tag[0])
		fprintf(out, "# recorded for %s: %s\n", r->recorded_tag, r->def->name);
	fprintf(out, "%s %zu %s\n", r->status == CASE_PASS ? "ok" : "not ok", number, r->def->name);
}

void printer_begin(struct printer *p, size_t case_count)
{
	if (p->format == FORMAT_KTAP)
		fprintf(p->out, "KTAP version 1\n1..%zu\n", case_count);
}

void printer_result(const struct case_result *r, void *printer)
{
	struct printer *p = printer;
	p->number++;
	switch (r->status) {
	case CASE_PASS:
		p->tally.passed++;
		p->tally.recorded += r->recorded_tag[0] != 0;
		break;
	case CASE_SKIP: p->tally.skipped++; break;
	default: p->tally.failed++; break;
	}
	p->tally.bad_input += r->bad_input != 0;
	switch (p->format) {
	case FORMAT_HUMAN: print_human(p->out, r); break;
	case FORMAT_JSON: print_json(p->out, r, p->reference); break;
	case FORMAT_KTAP: print_ktap(p->out, r, p->number); break;
	}
	fflush(p->out);
}

void printer_end(struct printer *p)
{
	const struct tally *t = &p->tally;
	FILE *where = p->format == FORMAT_JSON ? stderr : p->out;
	const char *prefix = p->format == FORMAT_KTAP ? "# " : "";
	fprintf(where, "%s%zu passed, %zu failed, %zu skipped\n", prefix, t->passed, t->failed,
		t->skipped);
	if (p->reference && p->this_run) {
		fprintf(where, "%sreference: %s; this run: %s", prefix, p->reference, p->this_run);
		if (p->recorded_rule)
			fprintf(where, ", recorded differences of %s: %zu case%s", p->recorded_rule,
				t->recorded, t->recorded == 1 ? "" : "s");
		else
			fputs(", recorded differences not used", where);
		fputc('\n', where);
	}
	fflush(where);
}
