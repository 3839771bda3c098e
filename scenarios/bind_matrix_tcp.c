/* Lesson: which two TCP sockets may share a port, and which one then gets
 * the connections: the bind-conflict matrix behind
 * "nginx: [emerg] bind() to [::]:80 failed (98: Address already in use)".
 *
 * The rule: a second socket cannot bind (or listen) on a port where its
 * address overlaps the first one's. 0.0.0.0 and [::ffff:0.0.0.0] overlap
 * every IPv4 address; [::] overlaps every IPv6 address and, unless it is
 * v6-only, every IPv4 address too. SO_REUSEADDR on both lifts the conflict
 * only while neither listens; SO_REUSEPORT on both (same owner) lifts it.
 *
 * What you will see: every pair of the sockets
 *   0.0.0.0, 127.0.0.1                    (AF_INET)
 *   [::], [::1], [::ffff:0.0.0.0], [::ffff:127.0.0.1]
 *                                          (AF_INET6, each with IPV6_V6ONLY
 *                                           left unset, set to 0, set to 1)
 * that is 14 x 14 = 196 pairs, under three settings (no reuse option,
 * SO_REUSEADDR on both, SO_REUSEPORT on both) and in two orders (bind,
 * bind, listen, listen and bind, listen, bind, listen): 1176 cells in all.
 * Each cell has a port of its own (20000 up) and closes both sockets.
 * Each case runs one setting and one order (the runner's options below), so
 * a change in the kernel shows as the case that holds it:
 *   dslab-option: reuse none addr port
 *   dslab-option: order bbll blbl
 * (bbll: bind, bind, listen, listen; blbl: bind, listen, bind, listen).
 * The grids: rows are the first socket, columns the second; one grid per
 * setting, order and family/IPV6_V6ONLY of the second socket. A bare IPv6
 * label ("[::]") leaves IPV6_V6ONLY unset, so the socket gets the sysctl
 * net.ipv6.bindv6only: those rows and columns equal the v6only=0 ones under
 * bindv6only=0 and the v6only=1 ones under bindv6only=1.
 *
 * A cell lists each call's result in the grid's order, "/" between them:
 * 0, the errno name, or "-" for a call not made (listen() only follows a
 * bind() that worked). Where both sockets listen it adds who accepted a
 * connection to 127.0.0.1 ("v4:") and to [::1] ("v6:"): 1st, 2nd, none
 * (refused), or shared (SO_REUSEPORT: of up to 32 connections, each from a
 * new source port, both sockets got some; "1st" then means all 32 went to
 * the first).
 *
 * nginx opens its listening sockets one after the other with SO_REUSEADDR,
 * each bound and listening before the next (src/core/ngx_connection.c,
 * ngx_open_listening_sockets), and sets IPV6_V6ONLY=1 on [::] unless told
 * ipv6only=off (src/http/ngx_http_core_module.c, ngx_http_core_listen:
 * lsopt.ipv6only = 1). So "listen 80; listen [::]:80;" is a cell of this
 * grid (bindv6only=0), first row, last column:
 *
 *   SO_REUSEADDR on both, bind listen bind listen
 *   first \ second  0.0.0.0                [::] v6only=0     [::] v6only=1
 *   0.0.0.0         0/0/EADDRINUSE/-       0/0/EADDRINUSE/-  0/0/0/0 v4:1st v6:2nd
 *   [::] v6only=0   0/0/EADDRINUSE/-       0/0/EADDRINUSE/-  0/0/EADDRINUSE/-
 *   [::] v6only=1   0/0/0/0 v4:2nd v6:1st  0/0/EADDRINUSE/-  0/0/EADDRINUSE/-
 *
 * nginx's "bind() to [::]:80 failed (98)" is an EADDRINUSE in the second
 * bind of such a grid: a dual-stack [::] (ipv6only=off) after anything IPv4
 * on port 80 (middle column), or any [::] after another [::] or [::1] on
 * it (the lower rows), another program's socket included.
 *
 * The rules the grids show (Linux 6.18):
 * 1. No reuse option: a conflict exactly where the addresses overlap.
 *    127.0.0.1 and 0.0.0.0 conflict. [::] conflicts with [::] whatever
 *    either's IPV6_V6ONLY, and with [::1]. A dual-stack [::] conflicts with
 *    every IPv4 address, plain or mapped; a v6-only [::] with none of them.
 *    Mapped addresses count as IPv4: [::ffff:0.0.0.0] conflicts with
 *    0.0.0.0, 127.0.0.1 and a dual-stack [::]; [::ffff:127.0.0.1] with
 *    127.0.0.1.
 * 2. A mapped address on a v6-only socket is EINVAL: the bind never gets as
 *    far as the port (under bindv6only=1 that includes the "unset" rows).
 * 3. Binding [::1] makes the socket v6-only whatever IPV6_V6ONLY said (the
 *    transcript's first lines show it), so the three [::1] rows agree and
 *    [::1] never conflicts with IPv4.
 * 4. SO_REUSEADDR on both: two overlapping sockets both bind, but only one
 *    may listen; the second listen() is EADDRINUSE. In the order bind,
 *    listen, bind, listen it is the second bind() that fails.
 * 5. SO_REUSEPORT on both: every pair binds and listens. A connection goes
 *    to the listener on its exact address before a wildcard one, to an
 *    AF_INET listener before an AF_INET6 one, and between two AF_INET6
 *    listeners to the one that listened first. It is shared only between
 *    two sockets of the same family, address and v6-only flag (one
 *    SO_REUSEPORT group): 0.0.0.0 twice, [::] twice with the same flag,
 *    [::1] twice. [::] dual-stack and [::ffff:0.0.0.0] are two groups: IPv4
 *    goes to the one that listened first, not to both.
 *
 * Why (RFC 3493 §3.7 makes [::ffff:a.b.c.d] the IPv4 address a.b.c.d on an
 * AF_INET6 socket; §5.3 IPV6_V6ONLY; the Linux sources):
 * - net/ipv4/inet_connection_sock.c: inet_csk_get_port checks a bind with
 *   inet_csk_bind_conflict (a wildcard address against every socket on the
 *   port; a specific one against the same address through
 *   inet_bhash2_conflict, then against the wildcards through
 *   inet_bhash2_addr_any_conflict). The per-pair test inet_bind_conflict
 *   passes when both have SO_REUSEADDR and the other is not TCP_LISTEN, or
 *   both have SO_REUSEPORT and the same owner uid; __inet_bhash2_conflict
 *   skips a v6-only socket for IPv4 and mapped binds. Overlap is
 *   inet_rcv_saddr_equal: ipv6_rcv_saddr_equal treats two mapped addresses
 *   as IPv4 and returns true for two IPV6_ADDR_ANY whatever their flags;
 *   ipv4_rcv_saddr_equal never matches a v6-only socket.
 *   Rule 4: inet_csk_listen_start sets TCP_LISTEN and calls get_port
 *   again, and against a listening socket SO_REUSEADDR no longer counts
 *   (inet_csk_get_port's fastreuse shortcut is off for a listener too).
 * - net/ipv6/af_inet6.c, __inet6_bind: a mapped address on an
 *   ipv6_only_sock is -EINVAL; any other non-wildcard address sets
 *   sk->sk_ipv6only = 1 before get_port (rule 3).
 * - Lookup, net/ipv4/inet_hashtables.c: __inet_lookup_listener tries the
 *   destination address's listening bucket before INADDR_ANY's (where
 *   0.0.0.0, [::] and [::ffff:0.0.0.0] all hash: include/net/ipv6.h,
 *   ipv6_portaddr_hash hashes a mapped address as its IPv4 address and
 *   [::] as 0.0.0.0); compute_score gives an
 *   AF_INET socket a point more and a v6-only one -1; inet_lhash2_lookup
 *   takes the first best score and, for SO_REUSEPORT, its group's pick
 *   (inet_lookup_reuseport, by a hash of the client's address and port).
 *   __inet_hash puts an AF_INET6 SO_REUSEPORT listener at the bucket's
 *   tail, every other at its head; inet_reuseport_add_sock joins a group
 *   only with the same sk_family, ipv6_only_sock and exact address. IPv6:
 *   net/ipv6/inet6_hashtables.c, inet6_lookup_listener, the same way.
 *
 * Kernels differ (dslab kernels; the @linux-6.1 goldens): on Debian's
 * 6.1.0-56 (6.1.192) an AF_INET6 bind of a mapped address such as
 * [::ffff:127.0.0.1] succeeds beside an AF_INET6 [::ffff:0.0.0.0] on the
 * same port, and the first socket's listen() fails instead (its own
 * get_port walks tb->owners and finds the second). Stable 6.1.168
 * backported 5e07e672412b ("tcp: Use bhash2 for v4-mapped-v6 non-wildcard
 * address.", v6.8), which sends that bind through inet_bhash2_conflict and
 * inet_bhash2_addr_any_conflict only, but not 06a8c04f8994 ("tcp: Save v4
 * address as v4-mapped-v6 in inet_bind2_bucket.v6_rcv_saddr.", the same
 * series), which makes inet_bind2_bucket_match_addr_any treat an AF_INET6
 * [::ffff:0.0.0.0] bucket as a wildcard for a mapped bind; 6.1.192 still
 * asks only ipv6_addr_any() there. Mainline took both at once, so 6.12
 * and later refuse the second bind, as do upstream's selftests
 * (bind_wildcard.c, v6_v4mapped_any_v6_v4mapped_local).
 */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "errno_name.h"
#include "bind_matrix.h"
#include "lesson.h"

enum order { BIND_BIND_LISTEN_LISTEN, BIND_LISTEN_BIND_LISTEN };
static const char *const order_name[] = {"bind bind listen listen", "bind listen bind listen"};

/* Connect to the port on 127.0.0.1 or [::1] and see which listener
 * accepts; with SO_REUSEPORT, up to REUSEPORT_TRIES times (a new client,
 * so a new source port, each time) until both have accepted one. */
static enum receiver find_receiver(int family, uint16_t port, int first, int second, int tries)
{
	const struct end loopback = {family == AF_INET ? "127.0.0.1" : "::1",
				     family == AF_INET ? INET : V6ONLY_UNSET, ""};
	struct sockaddr_storage to;
	socklen_t to_len = make_end_address(&loopback, port, &to);
	int got_first = 0, got_second = 0;

	for (int i = 0; i < tries && !(got_first && got_second); i++) {
		int client = socket(family, SOCK_STREAM, 0);
		if (client < 0)
			report_fail("socket: %s", errno_name(errno));
		/* On loopback a refusal (RST) comes back before connect() returns. */
		if (connect(client, (struct sockaddr *)&to, to_len) != 0) {
			int error = errno;
			close(client);
			if (error == ECONNREFUSED && i == 0)
				return NONE;
			report_fail("connect %d to port %u: %s", i + 1, port, errno_name(error));
		}
		/* Plumbing: the connection is queued on a listener by now;
		 * poll (2 s at most) in case it is not yet. */
		struct pollfd ready[2] = {{.fd = first, .events = POLLIN},
					  {.fd = second, .events = POLLIN}};
		poll(ready, 2, 2000);
		int accepted_first = accept(first, NULL, NULL);
		int accepted_second = accept(second, NULL, NULL);
		/* Plumbing: end the connection with a reset, which leaves no
		 * TIME-WAIT behind. */
		struct linger reset = {.l_onoff = 1, .l_linger = 0};
		setsockopt(client, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
		close(client);
		if (accepted_first >= 0) {
			got_first = 1;
			close(accepted_first);
		}
		if (accepted_second >= 0) {
			got_second = 1;
			close(accepted_second);
		}
		if (accepted_first < 0 && accepted_second < 0)
			return LOST;
	}
	if (got_first && got_second)
		return SHARED;
	return got_first ? FIRST : SECOND;
}

/* Describe a call's result for a cell: "0", its errno name, or "-" if it
 * was not made. */
static const char *describe_result(int made, int rc, int error)
{
	if (!made)
		return "-";
	return rc == 0 ? "0" : errno_name(error);
}

struct tcp_setting {
	enum reuse reuse;
	enum order order;
};

/* One cell: two sockets on a fresh port, the calls in the grid's order. */
static void run_cell(const char *grid, const struct end *a, const struct end *b, void *context)
{
	const struct tcp_setting *setting = context;
	enum reuse reuse = setting->reuse;
	enum order order = setting->order;
	uint16_t port = next_cell_port();
	struct sockaddr_storage address_a, address_b;
	socklen_t len_a = make_end_address(a, port, &address_a);
	socklen_t len_b = make_end_address(b, port, &address_b);
	int first = open_end_socket(a, reuse, SOCK_STREAM);
	int second = open_end_socket(b, reuse, SOCK_STREAM);
	int bind1, bind2, listen1 = -1, listen2 = -1;
	int bind1_error, bind2_error, listen1_error = 0, listen2_error = 0;

	bind1 = bind(first, (struct sockaddr *)&address_a, len_a);
	bind1_error = errno;
	if (order == BIND_LISTEN_BIND_LISTEN && bind1 == 0) {
		listen1 = listen(first, 64);
		listen1_error = errno;
	}
	bind2 = bind(second, (struct sockaddr *)&address_b, len_b);
	bind2_error = errno;
	if (order == BIND_BIND_LISTEN_LISTEN && bind1 == 0) {
		listen1 = listen(first, 64);
		listen1_error = errno;
	}
	if (bind2 == 0) {
		listen2 = listen(second, 64);
		listen2_error = errno;
	}

	const char *b1 = describe_result(1, bind1, bind1_error);
	const char *b2 = describe_result(1, bind2, bind2_error);
	const char *l1 = describe_result(bind1 == 0, listen1, listen1_error);
	const char *l2 = describe_result(bind2 == 0, listen2, listen2_error);
	char text[128];
	if (order == BIND_BIND_LISTEN_LISTEN)
		snprintf(text, sizeof text, "%s/%s/%s/%s", b1, b2, l1, l2);
	else
		snprintf(text, sizeof text, "%s/%s/%s/%s", b1, l1, b2, l2);

	if (listen1 == 0 && listen2 == 0) {
		int tries = reuse == REUSE_PORT ? REUSEPORT_TRIES : 1;
		enum receiver v4 = find_receiver(AF_INET, port, first, second, tries);
		enum receiver v6 = find_receiver(AF_INET6, port, first, second, tries);
		size_t used = strlen(text);
		snprintf(text + used, sizeof text - used, " v4:%s v6:%s", receiver_name[v4],
			 receiver_name[v6]);
	}
	report_cell(grid, a->label, b->label, "%s", text);
	close(first);
	close(second);
}

int main(void)
{
	/* Rule 3 first: a bind() to [::1] sets IPV6_V6ONLY. */
	int off = 0, value = -1;
	socklen_t len = sizeof value;
	int probe = socket(AF_INET6, SOCK_STREAM, 0);
	report_socket(probe, "probe", "socket(AF_INET6, SOCK_STREAM, 0)");
	report_call(setsockopt(probe, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off),
		    "setsockopt(probe, IPV6_V6ONLY, 0)");
	struct sockaddr_in6 loopback6 = make_sockaddr_in6("::1", 19999);
	report_call(bind(probe, (struct sockaddr *)&loopback6, sizeof loopback6),
		    "bind(probe, %s)", sockaddr_text(&loopback6));
	int rc = getsockopt(probe, IPPROTO_IPV6, IPV6_V6ONLY, &value, &len);
	report_value(rc, value, "getsockopt(probe, IPV6_V6ONLY)");
	report_call(close(probe), "close(probe)");

	report_note("Cells: the first socket (row) binds, then the second (column), on a port of their own.");
	report_note("A bare IPv6 label leaves IPV6_V6ONLY unset: the socket has net.ipv6.bindv6only's value.");
	report_note("A cell: each call's result in the grid's order, 0 or the errno; - for a listen() not made");
	report_note("(it follows only a bind() that worked). Where both listen: who accepted a connection to");
	report_note("127.0.0.1 (v4:) and to [::1] (v6:): 1st, 2nd, none (refused), or shared (SO_REUSEPORT:");
	report_note("of up to 32 connections, each socket got some; 1st or 2nd then means all went to it).");

	/* This case's setting and order (dslab-option lines in the header). */
	static const char *const order_option[] = {"bbll", "blbl"};
	enum reuse reuse = matrix_reuse();
	enum order order = BIND_BIND_LISTEN_LISTEN;
	while (strcmp(scenario_option("order", "bbll"), order_option[order]) != 0)
		if (++order > BIND_LISTEN_BIND_LISTEN)
			report_fail("option order: bbll or blbl");
	static const char *const calls[] = {"bind(first) bind(second) listen(first) listen(second)",
					    "bind(first) listen(first) bind(second) listen(second)"};
	char setting_name[96];
	snprintf(setting_name, sizeof setting_name, "%s, %s", reuse_name[reuse], order_name[order]);
	struct tcp_setting setting = {reuse, order};
	matrix_grids(setting_name, calls[order], run_cell, &setting);
	return 0;
}
