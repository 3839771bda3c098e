#include "snapshot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "proc_net.h"
#include "sock_diag.h"

static const enum sock_file all_files[] = {FILE_TCP, FILE_TCP6, FILE_UDP, FILE_UDP6};

static int contains(const struct sock_rows *rows, const struct sock_row *row)
{
	for (size_t i = 0; i < rows->count; i++)
		if (sock_row_same_socket(&rows->row[i], row))
			return 1;
	return 0;
}

static void describe(FILE *out, const char *source, const struct sock_row *row)
{
	char local[SOCK_ENDPOINT_TEXT_MAX], remote[SOCK_ENDPOINT_TEXT_MAX];
	fprintf(out, "only in %s: %s %s %s %s; ", source, sock_file_name(row->file),
		sock_state_name(row->file, row->state), sock_endpoint_text(&row->local, 0, local),
		sock_endpoint_text(&row->remote, 1, remote));
}

int snapshot_compare(const struct sock_rows *diag, const struct sock_rows *proc, char **why)
{
	size_t len = 0;
	char *text = NULL;
	FILE *out = open_memstream(&text, &len);
	if (!out)
		return -1;
	int differ = 0;
	for (size_t i = 0; i < diag->count; i++)
		if (!contains(proc, &diag->row[i])) {
			describe(out, "sock_diag", &diag->row[i]);
			differ = 1;
		}
	for (size_t i = 0; i < proc->count; i++)
		if (!contains(diag, &proc->row[i])) {
			describe(out, "/proc/net", &proc->row[i]);
			differ = 1;
		}
	if (fclose(out)) {
		free(text);
		return -1;
	}
	if (differ && why)
		*why = text;
	else
		free(text);
	return differ;
}

static FILE *open_record(const char *prefix, enum sock_file file, const char *kind)
{
	if (!prefix)
		return NULL;
	char path[4096];
	snprintf(path, sizeof path, "%s.%s.%s", prefix, sock_file_name(file), kind);
	return fopen(path, "we");
}

/* proc may be NULL: sock_diag only. */
static int read_sources(struct sock_rows *diag, struct sock_rows *proc, const char *record_prefix)
{
	for (size_t i = 0; i < sizeof all_files / sizeof all_files[0]; i++) {
		FILE *record = open_record(record_prefix, all_files[i], "netlink");
		int rc = sock_diag_dump(all_files[i], diag, record);
		if (record)
			fclose(record);
		if (rc)
			return -1;
		if (!proc)
			continue;
		char *text = NULL;
		size_t len = 0;
		if (proc_net_read_text(all_files[i], &text, &len) ||
		    proc_net_parse(text, len, all_files[i], proc)) {
			free(text);
			return -1;
		}
		FILE *copy = open_record(record_prefix, all_files[i], "proc");
		if (copy) {
			fwrite(text, 1, len, copy);
			fclose(copy);
		}
		free(text);
	}
	return 0;
}

int snapshot_collect(struct sock_rows *rows, char **why, const char *record_prefix)
{
	enum { ATTEMPTS = 100 };
	const struct timespec pause = {0, 10 * 1000 * 1000};
	for (int attempt = 0;; attempt++) {
		int last = attempt == ATTEMPTS - 1;
		struct sock_rows diag = {0}, proc = {0}, again = {0};
		int rc = read_sources(&diag, &proc, record_prefix) || read_sources(&again, NULL, NULL);
		int stable = rc == 0 && snapshot_compare(&diag, &again, NULL) == 0;
		int differ = rc == 0 ? snapshot_compare(&diag, &proc, last ? why : NULL) : -1;
		sock_rows_free(&again);
		sock_rows_free(&proc);
		if (rc || differ < 0) {
			sock_rows_free(&diag);
			return -1;
		}
		if ((stable && differ == 0) || last) {
			sock_rows_free(rows);
			*rows = diag;
			return differ;
		}
		sock_rows_free(&diag);
		nanosleep(&pause, NULL);
	}
}
