#include "views.h"

#include "transcript_read.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sock_row.h"
#include "view_rows.h"

const char *view_command(enum view view)
{
	switch (view) {
	case VIEW_NETSTAT: return "netstat -tuan";
	case VIEW_SS: return "ss -tuan";
	default: return "";
	}
}

/* --- rows, read back from the goldens' words --- */

/* The goldens' state names (ss's, sock_row.c) with netstat's and ss's for
 * a TCP socket. net-tools netstat.c: tcp_state[]; iproute2 misc/ss.c:
 * sock_state_print, sstate_name[] (which says UNCONN for TCP_CLOSE too). */
static const struct {
	const char *golden, *netstat, *ss;
} tcp_states[] = {
	{"ESTAB", "ESTABLISHED", "ESTAB"},
	{"SYN-SENT", "SYN_SENT", "SYN-SENT"},
	{"SYN-RECV", "SYN_RECV", "SYN-RECV"},
	/* A request socket: /proc and sock_diag both give it as TCP_SYN_RECV. */
	{"NEW-SYN-RECV", "SYN_RECV", "SYN-RECV"},
	{"FIN-WAIT-1", "FIN_WAIT1", "FIN-WAIT-1"},
	{"FIN-WAIT-2", "FIN_WAIT2", "FIN-WAIT-2"},
	{"TIME-WAIT", "TIME_WAIT", "TIME-WAIT"},
	{"CLOSE", "CLOSE", "UNCONN"},
	{"CLOSE-WAIT", "CLOSE_WAIT", "CLOSE-WAIT"},
	{"LAST-ACK", "LAST_ACK", "LAST-ACK"},
	{"LISTEN", "LISTEN", "LISTEN"},
	{"CLOSING", "CLOSING", "CLOSING"},
};

/* "127.0.0.1:5555", "[::ffff:127.0.0.1]:EPH1", "[::]:*", and a local end
 * bound to a device: "[::]%lo:7200", "0.0.0.0%lan0:7200". */
static int parse_end(const char *text, struct end *e)
{
	char addr[INET6_ADDRSTRLEN], plain[SOCK_ENDPOINT_TEXT_MAX];
	const char *port;
	size_t n;
	e->device[0] = '\0';
	const char *percent = strchr(text, '%');
	if (percent) {
		/* The device goes; the address and port are parsed as without it. */
		const char *colon = strrchr(text, ':');
		if (!colon || colon < percent || (size_t)(colon - percent - 1) >= sizeof e->device ||
		    colon == percent + 1 || strlen(text) >= sizeof plain)
			return -1;
		snprintf(e->device, sizeof e->device, "%.*s", (int)(colon - percent - 1), percent + 1);
		snprintf(plain, sizeof plain, "%.*s%s", (int)(percent - text), text, colon);
		text = plain;
	}
	if (text[0] == '[') {
		const char *close = strchr(text, ']');
		if (!close || close[1] != ':')
			return -1;
		n = (size_t)(close - text - 1);
		port = close + 2;
		e->family = AF_INET6;
		if (n >= sizeof addr)
			return -1;
		memcpy(addr, text + 1, n);
	} else {
		const char *colon = strrchr(text, ':');
		if (!colon)
			return -1;
		n = (size_t)(colon - text);
		port = colon + 1;
		e->family = AF_INET;
		if (n >= sizeof addr)
			return -1;
		memcpy(addr, text, n);
	}
	addr[n] = '\0';
	if (inet_pton(e->family, addr, e->family == AF_INET ? (void *)&e->addr4 : (void *)&e->addr6) != 1)
		return -1;
	if (!*port || strlen(port) >= sizeof e->port)
		return -1;
	for (const char *p = port; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '*')
			return -1;
	/* Both tools print port 0 as "*" (netstat get_sname, ss resolve_service). */
	snprintf(e->port, sizeof e->port, "%s", strcmp(port, "0") == 0 ? "*" : port);
	return 0;
}

/* netstat: tcp, tcp6 (listeners first in each), udp, udp6. ss: udp, udp6,
 * tcp, tcp6 (listeners first in each). */
static int group_of(enum view view, const struct row *r)
{
	int family_rank = r->inet6 ? 2 : 0;
	int after_listeners = r->tcp && !r->listening;
	if (view == VIEW_NETSTAT)
		return (r->tcp ? 0 : 4) + family_rank + after_listeners;
	return (r->tcp ? 4 : 0) + family_rank + after_listeners;
}

static int parse_row(enum view view, const struct record *record, size_t index, struct row *r,
		     char *why, size_t why_size)
{
	const char *const *f = (const char *const *)record->field;
	memset(r, 0, sizeof *r);
	r->index = index;
	enum sock_file file;
	if (record->type != RECORD_ROW || record->field_count != RECORD_MAX_FIELDS) {
		snprintf(why, why_size, "row %zu: not a snapshot row", index + 1);
		return -1;
	}
	if (sock_file_from_name(f[ROW_FILE], &file) != 0) {
		snprintf(why, why_size, "row %zu: file '%s' is none of tcp, tcp6, udp, udp6", index + 1,
			 f[ROW_FILE]);
		return -1;
	}
	r->tcp = file == FILE_TCP || file == FILE_TCP6;
	r->inet6 = file == FILE_TCP6 || file == FILE_UDP6;
	const char *state = f[ROW_STATE];
	size_t s = 0;
	while (s < sizeof tcp_states / sizeof tcp_states[0] && strcmp(tcp_states[s].golden, state) != 0)
		s++;
	if (!r->tcp && strcmp(state, "UNCONN") == 0) {
		/* netstat.c, udp_do_one: TCP_CLOSE is "", TCP_ESTABLISHED
		 * "ESTABLISHED", anything else "UNKNOWN". */
		r->netstat_state = "";
		r->ss_state = "UNCONN";
	} else if (s < sizeof tcp_states / sizeof tcp_states[0]) {
		r->netstat_state = r->tcp || strcmp(state, "ESTAB") == 0 ? tcp_states[s].netstat : "UNKNOWN";
		r->ss_state = tcp_states[s].ss;
	} else {
		snprintf(why, why_size, "row %zu: state '%s' is not one the kernel lists", index + 1, state);
		return -1;
	}
	r->listening = r->tcp && strcmp(state, "LISTEN") == 0;
	/* The kernel sends INET_DIAG_SKV6ONLY for LISTEN and CLOSE sockets
	 * only (inet_diag_msg_attrs_fill); ss takes its absence for 0. */
	int v6only_told = strcmp(state, "LISTEN") == 0 || strcmp(state, "UNCONN") == 0 ||
			  strcmp(state, "CLOSE") == 0;
	r->kernel_says_v6only = v6only_told && strcmp(f[ROW_V6ONLY], "1") == 0;
	if (parse_end(f[ROW_LOCAL], &r->local) != 0 || parse_end(f[ROW_REMOTE], &r->remote) != 0) {
		snprintf(why, why_size, "row %zu: cannot read the address '%s' or '%s'", index + 1,
			 f[ROW_LOCAL], f[ROW_REMOTE]);
		return -1;
	}
	int family = r->inet6 ? AF_INET6 : AF_INET;
	if (r->local.family != family || r->remote.family != family) {
		snprintf(why, why_size, "row %zu: %s row with the address '%s' or '%s'", index + 1,
			 f[ROW_FILE], f[ROW_LOCAL], f[ROW_REMOTE]);
		return -1;
	}
	r->group = group_of(view, r);
	return 0;
}

static int compare_rows(const void *a, const void *b)
{
	const struct row *ra = a, *rb = b;
	if (ra->group != rb->group)
		return ra->group < rb->group ? -1 : 1;
	return ra->index < rb->index ? -1 : ra->index > rb->index;
}

int view_render(enum view view, const struct record *records, size_t count, FILE *out,
		char *why, size_t why_size)
{
	if (view != VIEW_NETSTAT && view != VIEW_SS) {
		snprintf(why, why_size, "no such view");
		return -1;
	}
	struct row *rows = calloc(count ? count : 1, sizeof *rows);
	if (!rows) {
		snprintf(why, why_size, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < count; i++) {
		if (parse_row(view, &records[i], i, &rows[i], why, why_size) != 0) {
			free(rows);
			return -1;
		}
	}
	qsort(rows, count, sizeof *rows, compare_rows);
	int rc = 0;
	if (view == VIEW_NETSTAT)
		view_render_netstat(rows, count, out);
	else if (view_render_ss(rows, count, out) != 0) {
		snprintf(why, why_size, "out of memory");
		rc = -1;
	}
	free(rows);
	if (rc == 0 && ferror(out)) {
		snprintf(why, why_size, "cannot write");
		rc = -1;
	}
	return rc;
}

/* --- the snapshot tables of a golden's text --- */

int view_parse_snapshots(const char *text, struct transcript *t, char *why, size_t why_size)
{
	return transcript_read(text, READ_SNAPSHOTS, t, NULL, why, why_size);
}

int view_render_snapshots(enum view view, const struct transcript *t, const char *title,
			  FILE *out, char *why, size_t why_size)
{
	size_t snapshots = 0;
	for (size_t i = 0; i < t->count; i++) {
		if (t->record[i].type != RECORD_SNAPSHOT)
			continue;
		size_t j = i + 1;
		while (j < t->count && t->record[j].type == RECORD_ROW)
			j++;
		fprintf(out, "%s# %s, snapshot %s\n$ %s\n", snapshots++ ? "\n" : "", title,
			t->record[i].field[0], view_command(view));
		char reason[256];
		if (view_render(view, &t->record[i + 1], j - i - 1, out, reason, sizeof reason) != 0) {
			snprintf(why, why_size, "snapshot %s, %s", t->record[i].field[0], reason);
			return -1;
		}
		i = j - 1;
	}
	if (snapshots == 0)
		fprintf(out, "# %s: no snapshots\n", title);
	return 0;
}
