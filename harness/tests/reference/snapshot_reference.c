#include "snapshot_reference.h"

#include <stdio.h>
#include <stdlib.h>

#include "formats.h"
#include "snapshot_table.h"
#include "transcript.h"
#include "transcript_normalise.h"

char *snapshot_reference(const struct sock_rows *rows, int json, size_t *len)
{
	struct transcript t = {0};
	int failed = transcript_add(&t, RECORD_SNAPSHOT, (const char *[]){"this namespace"});
	for (size_t i = 0; i < rows->count && !failed; i++) {
		const struct sock_row *row = &rows->row[i];
		char local[SOCK_ENDPOINT_TEXT_MAX], remote[SOCK_ENDPOINT_TEXT_MAX];
		failed = transcript_add(&t, RECORD_ROW, (const char *[]){
			sock_file_name(row->file), sock_state_name(row->file, row->state),
			sock_local_text(row, local), sock_endpoint_text(&row->remote, 1, remote),
			v6only_text(row->v6only), ""});
	}
	char *text = NULL;
	FILE *out = open_memstream(&text, len);
	if (failed || !out || transcript_normalise(&t) != 0) {
		if (out)
			fclose(out);
		free(text);
		transcript_free(&t);
		return NULL;
	}
	if (json) {
		for (size_t i = 1; i < t.count; i++) {
			json_write_row(out, &t.record[i]);
			fputc('\n', out);
		}
	} else {
		transcript_render_range(&t, 0, t.count, out);
	}
	transcript_free(&t);
	if (fclose(out) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

char *snapshot_fast(const struct sock_rows *rows, int json, size_t *len)
{
	struct snapshot_table *table = snapshot_table_new();
	int failed = !table;
	for (size_t i = 0; i < rows->count && !failed; i++)
		failed = snapshot_table_add(&rows->row[i], table);
	char *text = NULL;
	FILE *out = open_memstream(&text, len);
	failed = failed || !out || snapshot_table_write(table, json, out) != 0;
	snapshot_table_free(table);
	if ((out && fclose(out) != 0) || failed) {
		free(text);
		return NULL;
	}
	return text;
}
