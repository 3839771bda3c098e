#include "views.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sock_row.h"

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

struct end {
	int family;                /* AF_INET or AF_INET6 */
	struct in_addr addr4;
	struct in6_addr addr6;
	char port[24];             /* "5555", "*" or a token such as "EPH1" */
	char device[24];           /* the bound device of a local end ("lo"), or "" */
};

struct row {
	size_t index;              /* in the snapshot */
	int group;                 /* the tool's order of groups */
	int tcp, inet6, listening;
	const char *netstat_state, *ss_state;
	int kernel_says_v6only;    /* ss's v6only: INET_DIAG_SKV6ONLY */
	struct end local, remote;
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

/* --- netstat -tuan (net-tools 2.10, netstat.c) --- */

/* A port's width as netstat would see it: an ephemeral-port token stands
 * for a port of the default range, 32768-60999, so for 5 digits. */
static size_t port_width(const char *port)
{
	if (strncmp(port, "EPH", 3) == 0 && port[3] && strspn(port + 3, "0123456789") == strlen(port + 3))
		return 5;
	return strlen(port);
}

/* addr_do_one with -n: the address as INET_sprint / INET6_sprint print it,
 * ":", the port; without --wide, cut to 22 characters, from the address. */
static void netstat_end(const struct end *e, char *out, size_t size)
{
	char text[INET6_ADDRSTRLEN];
	const char *address = text;
	if (e->family == AF_INET) {
		inet_ntop(AF_INET, &e->addr4, text, sizeof text);
	} else {
		inet_ntop(AF_INET6, &e->addr6, text, sizeof text);
		/* lib/inet6.c, fix_v4_address: a mapped address is printed from
		 * the last ':' before its dotted quad, so as plain IPv4. */
		if (IN6_IS_ADDR_V4MAPPED(&e->addr6)) {
			char *s = strchr(text, '.');
			if (s) {
				while (s > text && *s != ':')
					--s;
				if (*s == ':')
					address = s + 1;
			}
		}
	}
	const size_t short_len = 22;
	size_t address_len = strlen(address), port_len = port_width(e->port);
	if (address_len + port_len > short_len) {
		port_len = port_len < short_len - 4 ? port_len : short_len - 4;
		address_len = short_len - port_len;
		snprintf(out, size, "%.*s:%s", (int)address_len, address, e->port);
	} else {
		snprintf(out, size, "%s:%s", address, e->port);
	}
}

static void render_netstat(const struct row *rows, size_t count, FILE *out)
{
	fputs("Active Internet connections (servers and established)\n"
	      "Proto Recv-Q Send-Q Local Address           Foreign Address         State      \n", out);
	for (size_t i = 0; i < count; i++) {
		const struct row *r = &rows[i];
		char local[128], remote[128];
		netstat_end(&r->local, local, sizeof local);
		netstat_end(&r->remote, remote, sizeof remote);
		const char *proto = r->tcp ? (r->inet6 ? "tcp6" : "tcp") : (r->inet6 ? "udp6" : "udp");
		long rxq = 0, txq = 0; /* not in the goldens */
		if (r->tcp) {
			/* tcp_do_one */
			int local_width = strlen(local) > 23 ? (int)strlen(local) : 23;
			int remote_width = strlen(remote) > 23 ? (int)strlen(remote) : 23;
			fprintf(out, "%-4s  %6ld %6ld %-*s %-*s %-11s\n", proto, rxq, txq, local_width, local,
				remote_width, remote, r->netstat_state);
		} else {
			/* udp_do_one */
			fprintf(out, "%-5s %6ld %6ld %-23s %-23s %-11s\n", proto, rxq, txq, local, remote,
				r->netstat_state);
		}
	}
}

/* --- ss -tuan (iproute2 6.1, misc/ss.c) --- */

enum { SS_NETID, SS_STATE, SS_RECVQ, SS_SENDQ, SS_ADDR, SS_SERV, SS_RADDR, SS_RSERV, SS_PROC, SS_EXT,
       SS_COLUMNS };

/* ss.c, columns[]: alignment, header, left delimiter. */
static const struct {
	int right;
	const char *header, *ldelim;
} ss_columns[SS_COLUMNS] = {
	{0, "Netid", ""},
	{0, "State", " "},
	{0, "Recv-Q", " "},
	{0, "Send-Q", " "},
	{1, "Local Address:", " "},
	{0, "Port", ""},
	{1, "Peer Address:", " "},
	{0, "Port", ""},
	{0, "Process", ""},
	{0, "", ""},
};

#define SS_TOKEN_MAX 80
typedef char ss_line[SS_COLUMNS][SS_TOKEN_MAX];

/* inet_addr_print: the address, "%DEVICE" if the socket is bound to one
 * (sock_addr_print; ss passes the device for the local end only) and the
 * ":" that sock_addr_print appends, as one token; "*" for an all-zero IPv6
 * address unless v6-only. */
static void ss_address(const struct end *e, int v6only, char *out, size_t size)
{
	char text[INET6_ADDRSTRLEN], address[INET6_ADDRSTRLEN + 2];
	if (e->family == AF_INET) {
		inet_ntop(AF_INET, &e->addr4, address, sizeof address);
	} else if (!v6only && IN6_IS_ADDR_UNSPECIFIED(&e->addr6)) {
		snprintf(address, sizeof address, "*");
	} else {
		inet_ntop(AF_INET6, &e->addr6, text, sizeof text);
		snprintf(address, sizeof address, "[%s]", text);
	}
	snprintf(out, size, "%s%s%s:", address, e->device[0] ? "%" : "", e->device);
}

static void ss_fill(const struct row *r, ss_line line)
{
	memset(line, 0, sizeof(ss_line));
	snprintf(line[SS_NETID], SS_TOKEN_MAX, "%s", r->tcp ? "tcp" : "udp");
	snprintf(line[SS_STATE], SS_TOKEN_MAX, "%s", r->ss_state);
	snprintf(line[SS_RECVQ], SS_TOKEN_MAX, "%-6d", 0); /* not in the goldens */
	snprintf(line[SS_SENDQ], SS_TOKEN_MAX, "%-6d", 0);
	ss_address(&r->local, r->kernel_says_v6only, line[SS_ADDR], SS_TOKEN_MAX);
	snprintf(line[SS_SERV], SS_TOKEN_MAX, "%s", r->local.port);
	ss_address(&r->remote, r->kernel_says_v6only, line[SS_RADDR], SS_TOKEN_MAX);
	snprintf(line[SS_RSERV], SS_TOKEN_MAX, "%s", r->remote.port);
}

static void spaces(FILE *out, int n)
{
	for (; n > 0; n--)
		fputc(' ', out);
}

/* render_calc_width and render, for output that is not a terminal (ss then
 * skips spreading the columns over the screen): each column as wide as its
 * longest token, header included, plus its left delimiter. */
static int render_ss(const struct row *rows, size_t count, FILE *out)
{
	ss_line *lines = calloc(count + 1, sizeof *lines);
	if (!lines)
		return -1;
	for (int c = 0; c < SS_COLUMNS; c++)
		snprintf(lines[0][c], SS_TOKEN_MAX, "%s", ss_columns[c].header);
	for (size_t i = 0; i < count; i++)
		ss_fill(&rows[i], lines[i + 1]);

	int width[SS_COLUMNS], first = 1;
	for (int c = 0; c < SS_COLUMNS; c++) {
		int max_len = 0;
		for (size_t i = 0; i <= count; i++)
			if ((int)strlen(lines[i][c]) > max_len)
				max_len = (int)strlen(lines[i][c]);
		width[c] = !first && max_len ? max_len + (int)strlen(ss_columns[c].ldelim) : max_len;
		if (width[c])
			first = 0;
	}
	for (size_t i = 0; i <= count; i++) {
		for (int c = 0; c < SS_COLUMNS; c++) {
			int printed = 0, stored = (int)strlen(lines[i][c]);
			if (c > 0) {
				fputs(ss_columns[c].ldelim, out);
				printed = (int)strlen(ss_columns[c].ldelim);
			}
			if (width[c] && ss_columns[c].right) { /* print_left_spacing */
				int s = width[c] - stored - printed;
				spaces(out, s);
				printed += s > 0 ? s : 0;
			}
			fputs(lines[i][c], out);
			printed += stored;
			if (width[c] && !ss_columns[c].right) /* print_right_spacing */
				spaces(out, width[c] - printed);
		}
		fputc('\n', out);
	}
	free(lines);
	return 0;
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
		render_netstat(rows, count, out);
	else if (render_ss(rows, count, out) != 0) {
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

static const char *const table_header[RECORD_MAX_FIELDS] = {
	"file", "state", "local", "remote", "v6only", "name"};

/* "  file  state   local ...  name" (transcript.c, render_rows): where each
 * column starts. */
static int table_columns(const char *line, size_t len, size_t start[RECORD_MAX_FIELDS])
{
	size_t i = 0;
	for (int f = 0; f < RECORD_MAX_FIELDS; f++) {
		size_t blanks = 0;
		while (i < len && line[i] == ' ') {
			i++;
			blanks++;
		}
		size_t word = strlen(table_header[f]);
		if (blanks < 2 || len - i < word || memcmp(line + i, table_header[f], word) != 0)
			return -1;
		start[f] = i;
		i += word;
	}
	return i == len ? 0 : -1;
}

static int table_row(const char *line, size_t len, const size_t start[RECORD_MAX_FIELDS],
		     struct transcript *t)
{
	char buf[RECORD_MAX_LINE];
	if (len >= sizeof buf)
		return -1;
	memcpy(buf, line, len);
	buf[len] = '\0';
	const char *fields[RECORD_MAX_FIELDS];
	for (int f = RECORD_MAX_FIELDS - 1; f >= 0; f--) {
		size_t s = start[f];
		/* Each field starts in its column, after two blanks. */
		if (s >= len || buf[s] == ' ' || buf[s - 1] != ' ' || buf[s - 2] != ' ')
			return -1;
		size_t e = f + 1 < RECORD_MAX_FIELDS ? start[f + 1] - 2 : len;
		while (e > s && buf[e - 1] == ' ')
			e--;
		buf[e] = '\0';
		if (f != ROW_NAME && strchr(buf + s, ' '))
			return -1;
		fields[f] = buf + s;
	}
	if (strcmp(fields[ROW_NAME], "-") == 0)
		fields[ROW_NAME] = "";
	return transcript_add(t, RECORD_ROW, fields);
}

int view_parse_snapshots(const char *text, struct transcript *t, char *why, size_t why_size)
{
	const char *line = text;
	size_t line_no = 1;
	while (*line) {
		size_t len = strcspn(line, "\n");
		const char *next = line[len] ? line + len + 1 : line + len;
		size_t next_len = strcspn(next, "\n");
		size_t start[RECORD_MAX_FIELDS];
		/* A snapshot is "snapshot LABEL" and a table header line. */
		if (len > 9 && strncmp(line, "snapshot ", 9) == 0 &&
		    table_columns(next, next_len, start) == 0) {
			char label[RECORD_MAX_LINE];
			snprintf(label, sizeof label, "%.*s", (int)(len - 9), line + 9);
			if (transcript_add(t, RECORD_SNAPSHOT, (const char *[]){label}) != 0) {
				snprintf(why, why_size, "out of memory");
				return -1;
			}
			line = next[next_len] ? next + next_len + 1 : next + next_len;
			line_no += 2;
			while (strncmp(line, "  ", 2) == 0) {
				len = strcspn(line, "\n");
				int empty = len == 14 && strncmp(line, "  (no sockets)", 14) == 0;
				if (!empty && table_row(line, len, start, t) != 0) {
					snprintf(why, why_size, "line %zu: not a row of the table of snapshot %s",
						 line_no, label);
					return -1;
				}
				line = line[len] ? line + len + 1 : line + len;
				line_no++;
			}
			continue;
		}
		line = next;
		line_no++;
	}
	return 0;
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
