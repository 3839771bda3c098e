#include "view_rows.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

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

void view_render_netstat(const struct row *rows, size_t count, FILE *out)
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
