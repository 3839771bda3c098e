#include "view_rows.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

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
int view_render_ss(const struct row *rows, size_t count, FILE *out)
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
