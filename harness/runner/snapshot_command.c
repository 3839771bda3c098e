#include "snapshot_command.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "formats.h"
#include "proc_net.h"
#include "sock_diag.h"
#include "transcript.h"

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

int snapshot_command(const struct cli_options *o)
{
	static const enum sock_file files[] = {FILE_TCP, FILE_TCP6, FILE_UDP, FILE_UDP6};
	struct sock_rows rows = {0};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		if (!wanted(o, files[i]))
			continue;
		int rc = o->from_proc ? proc_net_read(files[i], &rows) : sock_diag_dump(files[i], &rows, NULL);
		if (rc != 0) {
			fprintf(stderr, "dslab: cannot read the %s table from %s: %s\n",
				sock_file_name(files[i]), o->from_proc ? "/proc/net" : "sock_diag",
				strerror(errno));
			sock_rows_free(&rows);
			return EXIT_FAILED;
		}
	}
	/* The same records a scenario's snapshot makes, so the same rendering
	 * and the same sort (no ephemeral-port tokens: these are real ports). */
	struct transcript t = {0};
	int failed = transcript_add(&t, RECORD_SNAPSHOT, (const char *[]){"this namespace"});
	for (size_t i = 0; i < rows.count && !failed; i++) {
		const struct sock_row *row = &rows.row[i];
		if (o->listening_only && !listening(row))
			continue;
		char local[SOCK_ENDPOINT_TEXT_MAX], remote[SOCK_ENDPOINT_TEXT_MAX];
		failed = transcript_add(&t, RECORD_ROW, (const char *[]){
			sock_file_name(row->file), sock_state_name(row->file, row->state),
			sock_local_text(row, local), sock_endpoint_text(&row->remote, 1, remote),
			v6only_text(row->v6only), ""});
	}
	sock_rows_free(&rows);
	if (failed || transcript_normalise(&t) != 0) {
		fprintf(stderr, "dslab: out of memory\n");
		transcript_free(&t);
		return EXIT_FAILED;
	}
	if (o->format == FORMAT_JSON) {
		for (size_t i = 1; i < t.count; i++) {
			json_write_row(stdout, &t.record[i]);
			fputc('\n', stdout);
		}
	} else {
		transcript_render_range(&t, 0, t.count, stdout);
	}
	transcript_free(&t);
	return fflush(stdout) == 0 ? EXIT_PASS : EXIT_FAILED;
}
