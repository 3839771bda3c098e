/* view_rows: a snapshot's row as both views read it from the goldens'
 * words (views.c reads them; view_netstat.c and view_ss.c print them). */
#ifndef DSLAB_VIEW_ROWS_H
#define DSLAB_VIEW_ROWS_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>

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

/* The rows, in the tool's order of groups, as netstat -tuan prints them. */
void view_render_netstat(const struct row *rows, size_t count, FILE *out);
/* The same as ss -tuan; -1 out of memory. */
int view_render_ss(const struct row *rows, size_t count, FILE *out);

#endif
