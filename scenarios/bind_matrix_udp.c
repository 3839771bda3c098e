/* Lesson: which two UDP sockets may share a port, and which one then gets
 * the datagrams: the bind-conflict matrix of bind_matrix_tcp, for UDP.
 *
 * The rule: without a reuse option, a second socket cannot bind where its
 * address overlaps the first one's, exactly as for TCP: 0.0.0.0 and
 * [::ffff:0.0.0.0] overlap every IPv4 address; [::] overlaps every IPv6
 * address and, unless it is v6-only, every IPv4 address too. UDP has no
 * listen(), so SO_REUSEADDR on both lifts every conflict, and so does
 * SO_REUSEPORT on both (same owner); they differ in who gets a datagram.
 *
 * What you will see: every pair of the sockets
 *   0.0.0.0, 127.0.0.1                    (AF_INET)
 *   [::], [::1], [::ffff:0.0.0.0], [::ffff:127.0.0.1]
 *                                          (AF_INET6, each with IPV6_V6ONLY
 *                                           left unset, set to 0, set to 1)
 * that is 14 x 14 = 196 pairs, under three settings (no reuse option,
 * SO_REUSEADDR on both, SO_REUSEPORT on both): 588 cells in all, 196 a
 * case: each case runs one setting (the runner's option), so a change in the
 * kernel shows as the case that holds it:
 *   dslab-option: reuse none addr port
 * Each cell has a port of its own (20000 up) and closes both sockets. The grids:
 * rows are the first socket, columns the second; one grid per setting and
 * family/IPV6_V6ONLY of the second socket. A bare IPv6 label ("[::]")
 * leaves IPV6_V6ONLY unset, so the socket gets the sysctl
 * net.ipv6.bindv6only: those rows and columns equal the v6only=0 ones under
 * bindv6only=0 and the v6only=1 ones under bindv6only=1.
 *
 * A cell is the two bind() results, "/" between them: 0 or the errno name.
 * Where both are bound it adds who received a datagram sent to 127.0.0.1
 * ("v4:") and to [::1] ("v6:"): 1st, 2nd, none (the sender got the ICMP
 * port unreachable as ECONNREFUSED), or shared (SO_REUSEPORT: of up to 32
 * senders, each a new source port, both sockets got some; "1st" then means
 * all 32 went to the first). Each sender sends two datagrams, which must go
 * the same way (probe(), below, says why). Part of two grids, bindv6only=0:
 *
 *   first \ second   0.0.0.0             [::] v6only=0      [::] v6only=1
 *   no reuse option:
 *   0.0.0.0          0/EADDRINUSE        0/EADDRINUSE       0/0 v4:1st v6:2nd
 *   [::] v6only=0    0/EADDRINUSE        0/EADDRINUSE       0/EADDRINUSE
 *   SO_REUSEADDR on both:
 *   0.0.0.0          0/0 v4:2nd v6:none  0/0 v4:1st v6:2nd  0/0 v4:1st v6:2nd
 *   [::] v6only=0    0/0 v4:2nd v6:1st   0/0 v4:2nd v6:2nd  0/0 v4:1st v6:2nd
 *
 * The rules the grids show (Linux 6.18):
 * 1. No reuse option: the same conflicts as TCP's bind(): where the
 *    addresses overlap. A mapped address on a v6-only socket is EINVAL, and
 *    binding [::1] makes a socket v6-only whatever IPV6_V6ONLY said (the
 *    transcript's first lines show it), so the three [::1] rows agree.
 * 2. SO_REUSEADDR on both: every pair binds. A datagram goes to one socket:
 *    the one on its exact address before a wildcard one, an AF_INET socket
 *    before an AF_INET6 one, and among equals the one bound last.
 * 3. SO_REUSEPORT on both: every pair binds. A datagram is shared only
 *    between two sockets of the same family, address and v6-only flag (one
 *    SO_REUSEPORT group); otherwise the exact address wins, then AF_INET,
 *    then, between two AF_INET6 sockets, the one bound first.
 *
 * Why (RFC 3493 §3.7 mapped addresses, §5.3 IPV6_V6ONLY; the Linux
 * sources):
 * - net/ipv4/udp.c, udp_lib_get_port (for both families) checks a bind
 *   with udp_lib_lport_inuse: a socket on the port conflicts when its
 *   address overlaps (inet_rcv_saddr_equal, net/ipv4/inet_connection_sock.c,
 *   the same test as TCP's) unless both have SO_REUSEADDR (sk_reuse), or
 *   both have SO_REUSEPORT and the same owner uid. It then adds the socket
 *   at the head of its address's hash2 chain, or, an AF_INET6 socket with
 *   SO_REUSEPORT, at the tail; udp_reuseport_add_sock joins a group only
 *   with the same sk_family, ipv6_only_sock and exact address.
 * - net/ipv6/af_inet6.c, __inet6_bind: a mapped address on an
 *   ipv6_only_sock is -EINVAL; any other non-wildcard address sets
 *   sk->sk_ipv6only = 1.
 * - Lookup, net/ipv4/udp.c: __udp4_lib_lookup searches the destination
 *   address's hash2 chain, then INADDR_ANY's (where 0.0.0.0, [::] and
 *   [::ffff:0.0.0.0] all hash, include/net/ipv6.h ipv6_portaddr_hash);
 *   udp4_lib_lookup2 keeps the first best compute_score (an AF_INET
 *   socket scores above an AF_INET6 one, a v6-only one -1) and, for
 *   SO_REUSEPORT, its group's pick by a hash of the sender's address and
 *   port. IPv6: net/ipv6/udp.c, __udp6_lib_lookup, the same way.
 * - "none" is seen, not waited for: net/ipv4/icmp.c __icmp_send and
 *   net/ipv6/icmp.c icmp6_send exempt loopback from the ICMP rate limits,
 *   so the port unreachable comes back at once, every time.
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


/* Where one datagram from sender went: the first or second socket, refused
 * (the ICMP port unreachable came back as ECONNREFUSED: "nobody" is an
 * answer, not a timeout), or nowhere within 2 s. */
enum fate { TO_FIRST, TO_SECOND, REFUSED, VANISHED };

static enum fate send_one(int sender, uint16_t port, int first, int second)
{
	if (send(sender, "x", 1, 0) != 1)
		report_fail("send to port %u: %s", port, errno_name(errno));
	/* Plumbing: wait (2 s at most) for the datagram on either socket or
	 * the ICMP error on the sender (POLLERR is always reported); on
	 * loopback one is there at once. */
	struct pollfd ready[3] = {{.fd = first, .events = POLLIN},
				  {.fd = second, .events = POLLIN},
				  {.fd = sender, .events = 0}};
	poll(ready, 3, 2000);
	char byte;
	int in_first = recv(first, &byte, 1, MSG_DONTWAIT) == 1;
	int in_second = recv(second, &byte, 1, MSG_DONTWAIT) == 1;
	int error = 0;
	socklen_t error_len = sizeof error;
	getsockopt(sender, SOL_SOCKET, SO_ERROR, &error, &error_len); /* and clear it */
	if (in_first != in_second)
		return in_first ? TO_FIRST : TO_SECOND;
	if (in_first)
		report_fail("one datagram to port %u arrived twice", port);
	return error == ECONNREFUSED ? REFUSED : VANISHED;
}

/* Where a datagram from a new sender (so a new source port) goes, seen
 * twice from that sender: the kernel's choice depends only on the sender's
 * address and port, so the two must agree. They may not, rarely, for a
 * reason outside the cell: the secondary hash table that UDP looks up is
 * shared by every network namespace on kernels without
 * net.ipv4.udp_child_hash_entries (before 6.2, commit 9804985bf27f), or
 * where a namespace's own table could not be allocated (the kernel logs
 * "fallback to the global one"); net/ipv4/udp.c, udp4_lib_lookup2. A
 * socket of another namespace that moves to
 * another chain while the lookup walks it (udp_lib_rehash, after its
 * connect(): hlist_del_init_rcu then hlist_add_head_rcu) takes the walk
 * with it: the lookup misses a socket of this cell, so the datagram is
 * refused or reaches the other socket. Seen on Debian's 6.1 in qemu once
 * in 13 runs of the whole suite, and always in the SO_REUSEPORT grids
 * (the most datagrams). Two that disagree are set aside and the sender
 * tried anew. */
static enum fate probe(int family, uint16_t port, int first, int second)
{
	const struct end loopback = {family == AF_INET ? "127.0.0.1" : "::1",
				     family == AF_INET ? INET : V6ONLY_UNSET, ""};
	struct sockaddr_storage to;
	socklen_t to_len = make_end_address(&loopback, port, &to);
	for (int attempt = 0; attempt < 4; attempt++) {
		int sender = socket(family, SOCK_DGRAM, 0);
		if (sender < 0)
			report_fail("socket: %s", errno_name(errno));
		if (connect(sender, (struct sockaddr *)&to, to_len) != 0)
			report_fail("connect to port %u: %s", port, errno_name(errno));
		enum fate seen = send_one(sender, port, first, second);
		enum fate again = send_one(sender, port, first, second);
		close(sender);
		if (seen == again)
			return seen;
	}
	report_fail("port %u: 4 senders each saw their two datagrams go different ways", port);
}

/* Who receives a datagram to the port on 127.0.0.1 or [::1]; with
 * SO_REUSEPORT, up to REUSEPORT_TRIES senders until both sockets have
 * received one. */
static enum receiver find_receiver(int family, uint16_t port, int first, int second, int tries)
{
	int got_first = 0, got_second = 0;
	for (int i = 0; i < tries && !(got_first && got_second); i++) {
		enum fate fate = probe(family, port, first, second);
		if (fate == REFUSED && i == 0)
			return NONE;
		if (fate == REFUSED)
			report_fail("datagram %d to port %u refused after one arrived", i + 1, port);
		if (fate == VANISHED)
			return LOST;
		got_first |= fate == TO_FIRST;
		got_second |= fate == TO_SECOND;
	}
	if (got_first && got_second)
		return SHARED;
	return got_first ? FIRST : SECOND;
}

/* Describe a bind()'s result for a cell: "0" or its errno name. */
static const char *describe_result(int rc, int error)
{
	return rc == 0 ? "0" : errno_name(error);
}

/* One cell: two sockets on a fresh port, bound one after the other. */
static void run_cell(const char *grid, const struct end *a, const struct end *b, void *context)
{
	enum reuse reuse = *(const enum reuse *)context;
	uint16_t port = next_cell_port();
	struct sockaddr_storage address_a, address_b;
	socklen_t len_a = make_end_address(a, port, &address_a);
	socklen_t len_b = make_end_address(b, port, &address_b);
	int first = open_end_socket(a, reuse, SOCK_DGRAM);
	int second = open_end_socket(b, reuse, SOCK_DGRAM);

	int bind1 = bind(first, (struct sockaddr *)&address_a, len_a);
	int bind1_error = errno;
	int bind2 = bind(second, (struct sockaddr *)&address_b, len_b);
	int bind2_error = errno;

	char text[128];
	snprintf(text, sizeof text, "%s/%s", describe_result(bind1, bind1_error),
		 describe_result(bind2, bind2_error));
	if (bind1 == 0 && bind2 == 0) {
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
	/* Rule 1's last part first: a bind() to [::1] sets IPV6_V6ONLY. */
	int off = 0, value = -1;
	socklen_t len = sizeof value;
	int probe = socket(AF_INET6, SOCK_DGRAM, 0);
	report_socket(probe, "probe", "socket(AF_INET6, SOCK_DGRAM, 0)");
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
	report_note("A cell: the two bind() results, 0 or the errno. Where both are bound: who received a");
	report_note("datagram to 127.0.0.1 (v4:) and to [::1] (v6:): 1st, 2nd, none (ICMP port unreachable),");
	report_note("or shared (SO_REUSEPORT: of up to 32 senders, each socket got some; 1st or 2nd then");
	report_note("means all went to it). Each sender sends twice; the two must agree.");

	/* This case's setting (the dslab-option line in the header). */
	enum reuse reuse = matrix_reuse();
	matrix_grids(reuse_name[reuse], "bind(first) bind(second)", run_cell, &reuse);
	return 0;
}
