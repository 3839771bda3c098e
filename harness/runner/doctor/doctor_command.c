#include "doctor_command.h"

#include <ctype.h>
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bind_knowledge.h"
#include "bind_predict.h"
#include "cli.h"
#include "doctor_explain.h"
#include "doctor_namespace.h"
#include "doctor_output.h"
#include "doctor_why.h"
#include "errno_name.h"
#include "process_table.h"
#include "sock_diag.h"

static int keep_row(const struct sock_row *row, void *rows)
{
	return sock_rows_append(rows, row);
}

/* Every TCP socket, bound-but-idle ones too (a bind can conflict with
 * them), and every UDP socket. */
static int read_table(struct sock_rows *rows)
{
	static const enum sock_file files[] = {FILE_TCP, FILE_TCP6, FILE_UDP, FILE_UDP6};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
		if (sock_diag_dump_states(files[i], SOCK_DIAG_STATES_BOUND, keep_row, rows) != 0)
			return -1;
	return 0;
}

static int is_tcp(const struct sock_row *row)
{
	return row->file == FILE_TCP || row->file == FILE_TCP6;
}

/* The goldens' order: file, then local address and port, then remote. */
static int by_row_order(const void *a, const void *b)
{
	const struct sock_row *x = *(const struct sock_row *const *)a, *y = *(const struct sock_row *const *)b;
	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	int c = memcmp(x->local.addr, y->local.addr, sizeof x->local.addr);
	if (c)
		return c;
	if (x->local.port != y->local.port)
		return x->local.port < y->local.port ? -1 : 1;
	c = memcmp(x->remote.addr, y->remote.addr, sizeof x->remote.addr);
	return c ? c : (x->remote.port > y->remote.port) - (x->remote.port < y->remote.port);
}

/* Listening rows by protocol, then port, then family. */
static int by_port(const void *a, const void *b)
{
	const struct sock_row *x = *(const struct sock_row *const *)a, *y = *(const struct sock_row *const *)b;
	if (is_tcp(x) != is_tcp(y))
		return is_tcp(x) ? -1 : 1;
	if (x->local.port != y->local.port)
		return x->local.port < y->local.port ? -1 : 1;
	return by_row_order(a, b);
}

static int port_selected(const struct doctor_options *o, uint16_t port)
{
	if (!o->port_count)
		return 1;
	for (size_t i = 0; i < o->port_count; i++)
		if (o->ports[i] == port)
			return 1;
	return 0;
}

/* The table, and per port who takes which family. */
static void explain_table(const struct doctor_printer *p, const struct doctor_options *o,
			  const struct sock_rows *rows, const struct process_table *processes,
			  const struct sock_row **selected)
{
	size_t n = 0;
	for (size_t i = 0; i < rows->count; i++)
		if (port_selected(o, rows->row[i].local.port))
			selected[n++] = &rows->row[i];
	qsort(selected, n, sizeof *selected, by_row_order);
	for (size_t i = 0; i < n; i++)
		doctor_print_row(p, selected[i], processes);
	size_t listening = 0;
	for (size_t i = 0; i < n; i++)
		if (doctor_is_listening(selected[i]))
			selected[listening++] = selected[i];
	qsort(selected, listening, sizeof *selected, by_port);
	doctor_print_ports(p, selected, listening, processes);
}

/* The sockets on the port asked about, with their owners' options. */
static size_t live_sockets_on_port(const struct bind_request *r, const struct sock_rows *rows,
				   const struct process_table *processes, struct live_socket *out,
				   size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < rows->count && n < max; i++) {
		const struct sock_row *row = &rows->row[i];
		if (is_tcp(row) != r->tcp || row->local.port != r->port)
			continue;
		struct live_socket *s = &out[n++];
		memset(s, 0, sizeof *s);
		s->row = row;
		doctor_owner_text(processes, row->inode, s->owner, sizeof s->owner);
		size_t count;
		const struct socket_owner *o = process_table_find(processes, row->inode, &count);
		if (!o)
			snprintf(s->options_why, sizeof s->options_why, "no process of ours holds the socket "
				 "(another user's, or none: run as root)");
		else
			s->options_known = socket_options_read(o->pid, o->fd, &s->options, s->options_why,
							       sizeof s->options_why) == 0;
	}
	return n;
}

static const char *call_result(int rc, int error)
{
	return rc == 0 ? "0" : errno_name(error);
}

/* --try: the bind (and listen) for real, then the socket is closed. */
static void try_bind(const struct bind_request *r, struct try_result *t)
{
	t->made = 1;
	snprintf(t->listen, sizeof t->listen, "-");
	int one = 1, fd = socket(r->family, (r->tcp ? SOCK_STREAM : SOCK_DGRAM) | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(t->bind, sizeof t->bind, "socket %s", errno_name(errno));
		return;
	}
	if ((r->v6only >= 0 && setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &r->v6only, sizeof r->v6only)) ||
	    (r->reuseaddr && setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one)) ||
	    (r->reuseport && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one))) {
		snprintf(t->bind, sizeof t->bind, "setsockopt %s", errno_name(errno));
		close(fd);
		return;
	}
	struct sockaddr_storage a = {0};
	socklen_t len;
	if (r->family == AF_INET) {
		struct sockaddr_in *in = (struct sockaddr_in *)&a;
		in->sin_family = AF_INET;
		in->sin_port = htons(r->port);
		memcpy(&in->sin_addr, r->addr, 4);
		len = sizeof *in;
	} else {
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&a;
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons(r->port);
		memcpy(&in6->sin6_addr, r->addr, 16);
		len = sizeof *in6;
	}
	int rc = bind(fd, (struct sockaddr *)&a, len);
	snprintf(t->bind, sizeof t->bind, "%s", call_result(rc, errno));
	if (rc == 0 && r->listen) {
		rc = listen(fd, 1);
		snprintf(t->listen, sizeof t->listen, "%s", call_result(rc, errno));
	}
	close(fd);
}

#define MAX_LIVE 4096

/* Where the goldens and the lessons' notes are. */
struct doctor_paths {
	const char *expected, *sources;
};

static int predict(const struct doctor_printer *p, const struct doctor_options *o, const struct sock_rows *rows,
		   const struct process_table *processes, int bindv6only, const struct doctor_paths *paths)
{
	static struct live_socket sockets[MAX_LIVE];
	size_t count = live_sockets_on_port(&o->bind, rows, processes, sockets, MAX_LIVE);
	char tag[40], why[400];
	if (matrix_kernel_tag(paths->expected, tag, sizeof tag, why, sizeof why) != 0) {
		fprintf(stderr, "dslab: %s\n", why);
		return EXIT_USAGE;
	}
	struct predict_context context = {
		.bindv6only = bindv6only, .address_is_local = doctor_address_is_local(&o->bind),
		.port_needs_privilege = doctor_port_needs_privilege(o->bind.port), .uid = geteuid(),
		.expected_dir = paths->expected, .kernel_tag = tag};
	struct prediction prediction;
	if (bind_predict(&o->bind, sockets, count, &context, &prediction, why, sizeof why) != 0) {
		fprintf(stderr, "dslab: %s\n", why);
		return EXIT_USAGE;
	}
	for (size_t i = 0; i < count; i++)
		doctor_print_row(p, sockets[i].row, processes);
	struct try_result tried = {0};
	if (o->try_bind)
		try_bind(&o->bind, &tried);
	char note[1024];
	doctor_lesson_note(paths->sources, prediction.case_name, prediction.grid, note, sizeof note);
	/* Before 6.8 a TCP socket that is only bound is in no table: one such
	 * on the port would conflict unseen. */
	const char *caveat = o->bind.tcp && prediction.verdict == VERDICT_SUCCEEDS &&
				     !doctor_kernel_shows_bound_sockets()
			     ? "this kernel (before Linux 6.8) does not report TCP sockets that are only "
			       "bound (not listening): one on this port would conflict unseen"
			     : "";
	doctor_print_prediction(p, &o->bind, bindv6only, &prediction, note, caveat, sockets, &tried);
	if (tried.made && prediction.verdict != VERDICT_UNKNOWN &&
	    (strcmp(tried.bind, prediction.bind_result) || strcmp(tried.listen, prediction.listen_result)))
		return EXIT_FAILED;
	return prediction.verdict == VERDICT_SUCCEEDS ? EXIT_PASS
	       : prediction.verdict == VERDICT_FAILS  ? EXIT_FAILED
						      : EXIT_ALL_SKIPPED;
}

static int colour_wanted(void)
{
	const char *no_colour = getenv("NO_COLOR");
	return isatty(STDOUT_FILENO) && !(no_colour && *no_colour);
}

int doctor_command(int argc, char **argv, const char *expected_dir, const char *sources_dir)
{
	const struct doctor_paths paths = {expected_dir, sources_dir};
	struct doctor_options o;
	char why[512], where[128];
	if (doctor_parse(argc, argv, &o, why, sizeof why) != 0) {
		for (char *c = why; *c; c++)
			if (iscntrl((unsigned char)*c))
				*c = '?';
		fprintf(stderr, "dslab: %s\n", why);
		return EXIT_USAGE;
	}
	if (o.help) {
		fputs(doctor_help, stdout);
		return EXIT_PASS;
	}
	if (doctor_enter_namespace(o.netns, o.pid, where, sizeof where, why, sizeof why) != 0) {
		fprintf(stderr, "dslab: %s\n", why);
		return EXIT_USAGE;
	}
	struct sock_rows rows = {0};
	struct process_table processes = {0};
	if (read_table(&rows) != 0 || process_table_read(&processes, "/proc") != 0) {
		fprintf(stderr, "dslab: cannot read the socket table (sock_diag) or /proc: %s\n", strerror(errno));
		sock_rows_free(&rows);
		process_table_free(&processes);
		return EXIT_FAILED;
	}
	struct doctor_printer p = {stdout, o.json, !o.json && colour_wanted()};
	int bindv6only = doctor_sysctl("/proc/sys/net/ipv6/bindv6only", 0), rc = EXIT_PASS;
	doctor_print_title(&p, where, bindv6only);
	const struct sock_row **selected = calloc(rows.count + 1, sizeof *selected);
	if (!selected) {
		fprintf(stderr, "dslab: out of memory\n");
		rc = EXIT_FAILED;
	} else if (o.predict) {
		rc = predict(&p, &o, &rows, &processes, bindv6only, &paths);
	} else {
		explain_table(&p, &o, &rows, &processes, selected);
	}
	free(selected);
	sock_rows_free(&rows);
	process_table_free(&processes);
	if (fflush(stdout) != 0 || ferror(stdout))
		return EXIT_FAILED;
	return rc;
}

int command_doctor(const struct command_context *c)
{
	return doctor_command(c->argc - 2, c->argv + 2, c->paths->expected, c->paths->sources);
}
