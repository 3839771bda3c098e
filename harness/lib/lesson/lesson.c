#include "lesson.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "case_environment.h"
#include "lesson_channel.h"
#include "errno_name.h"
#include "snapshot.h"
#include "tool_capture.h"
#include "transcript.h"

/* The runner passes the report channel's fd in this variable. */
/* Set to a path prefix to save each snapshot's raw sources (fixtures). */
#define RECORD_VARIABLE "DSLAB_RECORD_PREFIX"

struct named_socket {
	int fd;
	unsigned long inode;
	char name[32];
};

static struct {
	int initialised;
	int fd;                         /* -1: run directly, print to stdout */
	struct transcript direct;       /* direct mode: records not yet printed */
	struct named_socket named[64];
	size_t named_count;
	unsigned snapshots;             /* taken so far: names the tool captures */
} reporter;

static void flush_direct(void);

static void write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			_exit(3); /* the runner is gone: nothing left to report to */
		buf += n;
		len -= (size_t)n;
	}
}

void lesson_begin(void)
{
	if (reporter.initialised)
		return;
	reporter.initialised = 1;
	const char *fd_text = getenv(REPORT_FD_VARIABLE);
	reporter.fd = fd_text ? atoi(fd_text) : -1;
	if (reporter.fd < 0)
		atexit(flush_direct);

	lesson_emit(RECORD_VERSION, (const char *[]){TRANSCRIPT_VERSION});
	unsigned first = 0, last = 0;
	FILE *range = fopen("/proc/sys/net/ipv4/ip_local_port_range", "re");
	if (range) {
		if (fscanf(range, "%u %u", &first, &last) != 2)
			first = last = 0;
		fclose(range);
	}
	char first_text[12], last_text[12];
	snprintf(first_text, sizeof first_text, "%u", first);
	snprintf(last_text, sizeof last_text, "%u", last);
	lesson_emit(RECORD_PORTS, (const char *[]){first_text, last_text});
}

/* Under the runner: one write per record. Run directly: render the records
 * to stdout, a snapshot once its rows are all in. */
void lesson_emit(char type, const char *const *fields)
{
	if (reporter.fd >= 0) {
		char line[RECORD_MAX_LINE];
		size_t len = record_format(line, type, fields);
		write_all(reporter.fd, line, len);
		return;
	}
	/* Snapshot rows and grid cells are printed as a whole table. */
	int part_of_table = type == RECORD_SNAPSHOT || type == RECORD_ROW || type == RECORD_CELL;
	if (!part_of_table)
		flush_direct();
	transcript_add(&reporter.direct, type, fields);
	if (!part_of_table)
		flush_direct();
}

static void flush_direct(void)
{
	if (reporter.fd < 0 && reporter.direct.count > 0) {
		transcript_render_range(&reporter.direct, 0, reporter.direct.count, stdout);
		fflush(stdout);
		transcript_free(&reporter.direct);
	}
}

const char *scenario_option(const char *key, const char *fallback)
{
	char name[96];
	snprintf(name, sizeof name, OPTION_VARIABLE_PREFIX "%s", key);
	const char *value = getenv(name);
	return value && *value ? value : fallback;
}

/* The last record of a scenario that ends here: a harness error or a skip. */
static void report_final(char type, int status, const char *format, va_list ap)
	__attribute__((format(printf, 3, 0), noreturn));
static void report_final(char type, int status, const char *format, va_list ap)
{
	char text[1024];
	vsnprintf(text, sizeof text, format, ap);
	lesson_begin();
	lesson_emit(type, (const char *[]){text});
	exit(status);
}

void report_fail(const char *format, ...)
{
	va_list ap;
	va_start(ap, format);
	report_final(RECORD_FAIL, 1, format, ap);
}

void report_skip(const char *format, ...)
{
	va_list ap;
	va_start(ap, format);
	report_final(RECORD_SKIP, 0, format, ap);
}

void lesson_result_text(int rc, int error, char out[24])
{
	if (rc < 0)
		snprintf(out, 24, "%s", errno_name(error));
	else
		snprintf(out, 24, "%d", rc);
}

static void remember(int fd, const char *name)
{
	struct stat st;
	if (fstat(fd, &st) != 0)
		report_fail("fstat(%s): %s", name, strerror(errno));
	if (reporter.named_count == sizeof reporter.named / sizeof reporter.named[0])
		report_fail("more than %zu named sockets", reporter.named_count);
	struct named_socket *n = &reporter.named[reporter.named_count++];
	n->fd = fd;
	n->inode = (unsigned long)st.st_ino;
	snprintf(n->name, sizeof n->name, "%s", name);
}

void report_name_inode(unsigned long inode, const char *name)
{
	for (size_t i = 0; i < reporter.named_count; i++)
		if (reporter.named[i].inode == inode)
			return;
	if (reporter.named_count == sizeof reporter.named / sizeof reporter.named[0])
		report_fail("more than %zu named sockets", reporter.named_count);
	struct named_socket *n = &reporter.named[reporter.named_count++];
	n->fd = -1; /* not ours: v6only comes from sock_diag alone */
	n->inode = inode;
	snprintf(n->name, sizeof n->name, "%s", name);
}

int report_socket(int fd, const char *name, const char *call)
{
	int error = errno;
	lesson_begin();
	char result[24];
	lesson_result_text(fd < 0 ? -1 : 0, error, result);
	if (fd >= 0)
		remember(fd, name);
	lesson_emit(RECORD_EVENT, (const char *[]){call, result, fd >= 0 ? name : "", ""});
	errno = error;
	return fd;
}

int report_accept(int fd, const char *name, const char *call_format, ...)
{
	int error = errno;
	lesson_begin();
	char call[512], result[24], detail[2 * SOCK_ENDPOINT_TEXT_MAX + 16] = "";
	va_list ap;
	va_start(ap, call_format);
	vsnprintf(call, sizeof call, call_format, ap);
	va_end(ap);
	lesson_result_text(fd < 0 ? -1 : 0, error, result);
	if (fd >= 0) {
		/* Both ends: the peer's port may be one connect() gave to two
		 * sockets (see port_names.h), and the local end tells them apart. */
		struct sockaddr_storage peer, local;
		socklen_t peer_len = sizeof peer, local_len = sizeof local;
		if (getpeername(fd, (struct sockaddr *)&peer, &peer_len) == 0) {
			int n = snprintf(detail, sizeof detail, "peer %s", sockaddr_text(&peer));
			if (getsockname(fd, (struct sockaddr *)&local, &local_len) == 0)
				snprintf(detail + n, sizeof detail - (size_t)n, " on %s",
					 sockaddr_text(&local));
		}
		remember(fd, name);
	}
	lesson_emit(RECORD_EVENT, (const char *[]){call, result, fd >= 0 ? name : "", detail});
	errno = error;
	return fd;
}

static int report_event(int rc, int error, const char *detail, const char *call_format, va_list ap)
	__attribute__((format(printf, 4, 0)));
static int report_event(int rc, int error, const char *detail, const char *call_format, va_list ap)
{
	char call[512], result[24];
	vsnprintf(call, sizeof call, call_format, ap);
	lesson_result_text(rc, error, result);
	lesson_emit(RECORD_EVENT, (const char *[]){call, result, "", rc < 0 ? "" : detail});
	errno = error;
	return rc;
}

int report_call(int rc, const char *call_format, ...)
{
	int error = errno;
	lesson_begin();
	va_list ap;
	va_start(ap, call_format);
	report_event(rc, error, "", call_format, ap);
	va_end(ap);
	return rc;
}

int report_value(int rc, int value, const char *call_format, ...)
{
	int error = errno;
	lesson_begin();
	char detail[32];
	snprintf(detail, sizeof detail, "value %d", value);
	va_list ap;
	va_start(ap, call_format);
	report_event(rc, error, detail, call_format, ap);
	va_end(ap);
	return rc;
}

int report_address(int rc, const char *label, const void *sockaddr, const char *call_format, ...)
{
	int error = errno;
	lesson_begin();
	char detail[SOCK_ENDPOINT_TEXT_MAX + 32] = "";
	if (rc >= 0)
		snprintf(detail, sizeof detail, "%s %s", label, sockaddr_text(sockaddr));
	va_list ap;
	va_start(ap, call_format);
	report_event(rc, error, detail, call_format, ap);
	va_end(ap);
	return rc;
}

void report_cell(const char *grid, const char *row, const char *column, const char *value_format, ...)
{
	int error = errno;
	lesson_begin();
	char value[256];
	va_list ap;
	va_start(ap, value_format);
	vsnprintf(value, sizeof value, value_format, ap);
	va_end(ap);
	lesson_emit(RECORD_CELL, (const char *[]){grid, row, column, value});
	errno = error;
}

void report_grid_form(const char *grid, const char *rows, const char *columns, const char *calls,
		      const char *tags)
{
	int error = errno;
	lesson_begin();
	lesson_emit(RECORD_GRID_FORM, (const char *[]){grid, rows, columns, calls, tags});
	errno = error;
}

void report_note(const char *format, ...)
{
	int error = errno;
	lesson_begin();
	char text[1024];
	va_list ap;
	va_start(ap, format);
	vsnprintf(text, sizeof text, format, ap);
	va_end(ap);
	lesson_emit(RECORD_NOTE, (const char *[]){text});
	errno = error;
}

static const struct named_socket *find_named(unsigned long inode)
{
	for (size_t i = 0; i < reporter.named_count; i++)
		if (reporter.named[i].inode == inode && inode != 0)
			return &reporter.named[i];
	return NULL;
}

/* v6only of a named AF_INET6 socket, asked of the socket itself: sock_diag
 * tells it only for LISTEN and CLOSE states. Where sock_diag does tell, the
 * two must agree. */
static void settle_v6only(struct sock_row *row, const struct named_socket *named)
{
	if (!named || named->fd < 0 || row->local.family != AF_INET6)
		return;
	int value = 0;
	socklen_t len = sizeof value;
	if (getsockopt(named->fd, IPPROTO_IPV6, IPV6_V6ONLY, &value, &len) != 0)
		return;
	int asked = value ? V6ONLY_ON : V6ONLY_OFF;
	if (row->v6only != V6ONLY_UNKNOWN && row->v6only != asked) {
		char text[128];
		snprintf(text, sizeof text, "%s: sock_diag says v6only=%s, getsockopt says %d",
			 named->name, v6only_text(row->v6only), value);
		lesson_emit(RECORD_DISAGREE, (const char *[]){text});
	}
	row->v6only = asked;
}

void report_snapshot(const char *label)
{
	int error = errno;
	lesson_begin();
	char prefix[4096];
	const char *record = getenv(RECORD_VARIABLE);
	if (record)
		snprintf(prefix, sizeof prefix, "%s.%s", record, label);

	struct sock_rows rows = {0};
	char *why = NULL;
	int rc = snapshot_collect(&rows, &why, record ? prefix : NULL);
	/* ENOENT: the kernel has no handler for the request (sock_diag answers
	 * -ENOENT where inet_diag, tcp_diag or udp_diag is not built or loaded)
	 * or no such /proc/net file (no IPv6): a missing feature, not a fault. */
	if (rc < 0 && errno == ENOENT)
		report_skip("this kernel lacks part of the socket table a snapshot reads: sock_diag for "
			    "TCP and UDP (CONFIG_INET_DIAG, CONFIG_INET_TCP_DIAG, CONFIG_INET_UDP_DIAG, or "
			    "modules inet_diag, tcp_diag, udp_diag) or /proc/net/{tcp,udp}{,6}");
	if (rc < 0)
		report_fail("snapshot %s: cannot read the socket table: %s", label, strerror(errno));
	if (rc > 0)
		lesson_emit(RECORD_DISAGREE, (const char *[]){why});
	free(why);

	/* With tool capture on (tool_capture.h), the same rows, every one of
	 * them, for the tools' output to be compared with. */
	const char *capture_dir = tool_capture_dir();
	struct transcript table = {0};
	if (capture_dir)
		transcript_add(&table, RECORD_SNAPSHOT, (const char *[]){label});

	lesson_emit(RECORD_SNAPSHOT, (const char *[]){label});
	for (size_t i = 0; i < rows.count; i++) {
		struct sock_row *row = &rows.row[i];
		const struct named_socket *named = find_named(row->inode);
		settle_v6only(row, named);
		char local[SOCK_ENDPOINT_TEXT_MAX], remote[SOCK_ENDPOINT_TEXT_MAX];
		const char *fields[RECORD_MAX_FIELDS] = {
			sock_file_name(row->file), sock_state_name(row->file, row->state),
			sock_local_text(row, local), sock_endpoint_text(&row->remote, 1, remote),
			v6only_text(row->v6only), named ? named->name : ""};
		if (capture_dir)
			transcript_add(&table, RECORD_ROW, fields);
		/* Run directly, the namespace is the host's: show only our own. */
		if (reporter.fd < 0 && !named)
			continue;
		lesson_emit(RECORD_ROW, fields);
	}
	sock_rows_free(&rows);
	flush_direct();
	reporter.snapshots++;
	if (capture_dir) {
		tool_capture_snapshot(capture_dir, reporter.snapshots, &table);
		transcript_free(&table);
	}
	errno = error;
}
