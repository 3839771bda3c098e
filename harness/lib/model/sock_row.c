#include "sock_row.h"

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "growth.h"

int sock_rows_append(struct sock_rows *rows, const struct sock_row *row)
{
	struct sock_row *grown = grow_to_fit(rows->row, rows->count + 1, &rows->capacity, sizeof *grown, 16, 0);
	if (!grown)
		return -1;
	rows->row = grown;
	rows->row[rows->count++] = *row;
	return 0;
}

void sock_rows_free(struct sock_rows *rows)
{
	free(rows->row);
	rows->row = NULL;
	rows->count = rows->capacity = 0;
}

static const char *const file_names[] = {"tcp", "tcp6", "udp", "udp6"};

const char *sock_file_name(enum sock_file file)
{
	return file_names[file];
}

int sock_file_from_name(const char *name, enum sock_file *file)
{
	for (size_t i = 0; i < sizeof file_names / sizeof file_names[0]; i++) {
		if (strcmp(name, file_names[i]) == 0) {
			*file = (enum sock_file)i;
			return 0;
		}
	}
	return -1;
}

/* Indexed by the kernel's state numbers, include/net/tcp_states.h. */
static const char *const tcp_state_names[] = {
	[1] = "ESTAB",      [2] = "SYN-SENT",   [3] = "SYN-RECV",
	[4] = "FIN-WAIT-1", [5] = "FIN-WAIT-2", [6] = "TIME-WAIT",
	[7] = "CLOSE",      [8] = "CLOSE-WAIT", [9] = "LAST-ACK",
	[10] = "LISTEN",    [11] = "CLOSING",   [12] = "NEW-SYN-RECV",
	[13] = "BOUND-INACTIVE",
};

const char *sock_state_name(enum sock_file file, int state)
{
	int udp = file == FILE_UDP || file == FILE_UDP6;
	if (udp && state == 7)
		return "UNCONN";
	if (state > 0 && state < (int)(sizeof tcp_state_names / sizeof tcp_state_names[0]))
		return tcp_state_names[state];
	return "STATE?";
}

char *sock_endpoint_text(const struct sock_endpoint *ep, int is_remote,
			 char buf[SOCK_ENDPOINT_TEXT_MAX])
{
	char addr[INET6_ADDRSTRLEN];
	char port[8];

	if (!inet_ntop(ep->family, ep->addr, addr, sizeof addr))
		snprintf(addr, sizeof addr, "?");
	if (is_remote && ep->port == 0)
		snprintf(port, sizeof port, "*");
	else
		snprintf(port, sizeof port, "%u", (unsigned)ep->port);
	if (ep->family == AF_INET6)
		snprintf(buf, SOCK_ENDPOINT_TEXT_MAX, "[%s]:%s", addr, port);
	else
		snprintf(buf, SOCK_ENDPOINT_TEXT_MAX, "%s:%s", addr, port);
	return buf;
}

char *sock_local_text(const struct sock_row *row, char buf[SOCK_ENDPOINT_TEXT_MAX])
{
	sock_endpoint_text(&row->local, 0, buf);
	if (row->ifindex == 0)
		return buf;
	char device[IF_NAMESIZE + 1];
	if (!if_indextoname(row->ifindex, device))
		snprintf(device, sizeof device, "if%u", row->ifindex);
	char *colon = strrchr(buf, ':'), port[8];
	snprintf(port, sizeof port, "%s", colon);
	/* 41 for "[IPv6]", 1 + 15 for the device, 6 for the port: it fits. */
	snprintf(colon, SOCK_ENDPOINT_TEXT_MAX - (size_t)(colon - buf), "%%%s%s", device, port);
	return buf;
}

const char *v6only_text(int v6only)
{
	switch (v6only) {
	case V6ONLY_OFF: return "0";
	case V6ONLY_ON: return "1";
	case V6ONLY_UNDEFINED: return "-";
	default: return "?";
	}
}

static int endpoint_equal(const struct sock_endpoint *a, const struct sock_endpoint *b)
{
	size_t len = a->family == AF_INET6 ? 16 : 4;
	return a->family == b->family && a->port == b->port &&
	       memcmp(a->addr, b->addr, len) == 0;
}

int sock_row_same_socket(const struct sock_row *a, const struct sock_row *b)
{
	return a->file == b->file && a->state == b->state && a->inode == b->inode &&
	       endpoint_equal(&a->local, &b->local) && endpoint_equal(&a->remote, &b->remote);
}

int sock_local_port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
		return -1;
	if (ss.ss_family == AF_INET6)
		return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	if (ss.ss_family == AF_INET)
		return ntohs(((struct sockaddr_in *)&ss)->sin_port);
	errno = EAFNOSUPPORT;
	return -1;
}
