#include "snapshot_command.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "formats.h"
#include "proc_net.h"
#include "snapshot_table.h"
#include "sock_diag.h"

static int wanted(const struct cli_options *o, enum sock_file file)
{
	int tcp = file == FILE_TCP || file == FILE_TCP6;
	return tcp ? !o->udp_only || o->tcp_only : !o->tcp_only || o->udp_only;
}

/* LISTEN for TCP, unconnected (CLOSE) for UDP: the kernel's numbers. */
static int listening(const struct sock_row *row)
{
	int tcp = row->file == FILE_TCP || row->file == FILE_TCP6;
	return tcp ? row->state == 10 : row->state == 7;
}

struct collect {
	const struct cli_options *o;
	struct snapshot_table *table;
};

/* A sock_row_sink: the rows the options ask for into the table. */
static int collect_row(const struct sock_row *row, void *context)
{
	const struct collect *c = context;
	if (c->o->listening_only && !listening(row))
		return 0;
	return snapshot_table_add(row, c->table);
}

static int read_proc(enum sock_file file, struct collect *c)
{
	struct sock_rows rows = {0};
	int rc = proc_net_read(file, &rows);
	for (size_t i = 0; i < rows.count && rc == 0; i++)
		rc = collect_row(&rows.row[i], c);
	sock_rows_free(&rows);
	return rc;
}

int snapshot_command(const struct cli_options *o)
{
	static const enum sock_file files[] = {FILE_TCP, FILE_TCP6, FILE_UDP, FILE_UDP6};
	struct collect c = {o, snapshot_table_new()};
	if (!c.table) {
		fprintf(stderr, "dslab: out of memory\n");
		return EXIT_FAILED;
	}
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		if (!wanted(o, files[i]))
			continue;
		int rc;
		if (o->from_proc)
			rc = read_proc(files[i], &c);
		else if (files[i] == FILE_TCP6 && wanted(o, FILE_TCP))
			rc = 0; /* FILE_TCP's dump had tcp6's rows too */
		else
			rc = sock_diag_dump_each(files[i], collect_row, &c);
		if (rc != 0) {
			fprintf(stderr, "dslab: cannot read the %s table from %s: %s\n",
				sock_file_name(files[i]), o->from_proc ? "/proc/net" : "sock_diag",
				strerror(errno));
			snapshot_table_free(c.table);
			return EXIT_FAILED;
		}
	}
	/* The same table a scenario's snapshot renders (no ephemeral-port
	 * tokens: these are real ports), made without the transcript: see
	 * snapshot_table.h. */
	int rc = snapshot_table_write(c.table, o->format == FORMAT_JSON, stdout);
	snapshot_table_free(c.table);
	if (rc != 0) {
		fprintf(stderr, "dslab: out of memory\n");
		return EXIT_FAILED;
	}
	return fflush(stdout) == 0 && !ferror(stdout) ? EXIT_PASS : EXIT_FAILED;
}

int command_snapshot(const struct command_context *c)
{
	return snapshot_command(c->options);
}
