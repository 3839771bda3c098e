#include "doctor_explain.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "matrix_labels.h"

enum { STATE_ESTABLISHED = 1, STATE_TIME_WAIT = 6, STATE_CLOSE = 7, STATE_LISTEN = 10,
       STATE_BOUND_INACTIVE = 13 };

static int is_tcp(const struct sock_row *row)
{
	return row->file == FILE_TCP || row->file == FILE_TCP6;
}

int doctor_is_listening(const struct sock_row *row)
{
	return is_tcp(row) ? row->state == STATE_LISTEN
			   : row->state == STATE_CLOSE && row->remote.port == 0;
}

int doctor_families(const struct sock_row *row)
{
	if (!doctor_is_listening(row))
		return 0;
	enum address_kind kind = address_kind_of(row->local.family, row->local.addr);
	switch (kind) {
	case ANY_V4: case ONE_V4: case ANY_MAPPED: case ONE_MAPPED:
		return FAMILY_IPV4;
	case ONE_V6:
		return FAMILY_IPV6;
	case ANY_V6:
		break;
	}
	if (row->v6only == V6ONLY_ON)
		return FAMILY_IPV6;
	return row->v6only == V6ONLY_OFF ? FAMILY_IPV4 | FAMILY_IPV6 : 0;
}

/* A listener or an unconnected UDP socket. */
static void explain_listening(const struct sock_row *row, char *out, size_t size)
{
	const char *takes = is_tcp(row) ? "takes connections" : "receives datagrams";
	char where[64];
	address_text(row->local.family, row->local.addr, where, sizeof where);
	switch (address_kind_of(row->local.family, row->local.addr)) {
	case ANY_V4:
		snprintf(out, size, "AF_INET: %s to any IPv4 address of port %u; IPv6 never reaches it.",
			 takes, row->local.port);
		return;
	case ONE_V4:
		snprintf(out, size, "AF_INET: %s to %s only; IPv6 never reaches it.", takes, where);
		return;
	case ANY_MAPPED:
		snprintf(out, size, "AF_INET6 on the IPv4-mapped wildcard: %s to any IPv4 address, its "
			 "peers written ::ffff:a.b.c.d (RFC 3493 §3.7); no IPv6.", takes);
		return;
	case ONE_MAPPED:
		address_text(AF_INET, row->local.addr + 12, where, sizeof where);
		snprintf(out, size, "AF_INET6 on an IPv4-mapped address: %s to IPv4 %s only, its peers "
			 "written ::ffff:a.b.c.d (RFC 3493 §3.7); no IPv6.", takes, where);
		return;
	case ONE_V6:
		snprintf(out, size, "AF_INET6 on one IPv6 address: %s to %s only; binding a specific IPv6 "
			 "address made it v6-only (RFC 3493 §5.3; lesson specific_v6_bind_is_v6only).",
			 takes, where);
		return;
	case ANY_V6:
		break;
	}
	if (row->v6only == V6ONLY_OFF)
		snprintf(out, size, "Dual-stack: %s over IPv6 and IPv4; IPv4 peers appear to it as "
			 "::ffff:a.b.c.d (RFC 3493 §3.7), and ss prints it as *:%u.", takes, row->local.port);
	else if (row->v6only == V6ONLY_ON)
		snprintf(out, size, "v6-only (IPV6_V6ONLY, RFC 3493 §5.3): %s over IPv6 only; IPv4 to port "
			 "%u needs an AF_INET socket.", takes, row->local.port);
	else
		snprintf(out, size, "AF_INET6 on [::]: whether it is v6-only (RFC 3493 §5.3) is not "
			 "reported for it, so whether it takes IPv4 is not known.");
}

/* A connection, or a socket on its way out. */
static void explain_connected(const struct sock_row *row, char *out, size_t size)
{
	const char *what = row->state == STATE_TIME_WAIT ? "A closed connection waiting out TIME-WAIT"
			   : is_tcp(row)		    ? "A connection"
							    : "A connected UDP socket";
	enum address_kind peer = address_kind_of(row->remote.family, row->remote.addr);
	if (row->local.family == AF_INET)
		snprintf(out, size, "%s over IPv4 on an AF_INET socket.", what);
	else if (peer == ONE_MAPPED || peer == ANY_MAPPED)
		snprintf(out, size, "%s over IPv4 on an AF_INET6 socket: the peer is IPv4, written "
			 "::ffff:a.b.c.d (RFC 3493 §3.7); netstat prints it as plain IPv4 on a %s line. "
			 "v6only is not reported for connected sockets.", what, sock_file_name(row->file));
	else
		snprintf(out, size, "%s over IPv6. v6only is not reported for connected sockets "
			 "(RFC 3493 §5.3).", what);
}

void doctor_explain_row(const struct sock_row *row, char *out, size_t size)
{
	char device[96] = "";
	if (row->ifindex)
		snprintf(device, sizeof device, " Bound to a device (SO_BINDTODEVICE): only what "
			 "arrives there.");
	if (doctor_is_listening(row))
		explain_listening(row, out, size);
	/* The dump reports a TCP socket that is only bound (asked for with
	 * the TCP_BOUND_INACTIVE bit) in state CLOSE. */
	else if (is_tcp(row) && (row->state == STATE_BOUND_INACTIVE || row->state == STATE_CLOSE))
		snprintf(out, size, "Bound, neither listening nor connected: it holds port %u (binds "
			 "can conflict with it) but takes no traffic.", row->local.port);
	else
		explain_connected(row, out, size);
	size_t used = strlen(out);
	if (*device && used + 1 < size)
		snprintf(out + used, size - used, "%s", device);
}
