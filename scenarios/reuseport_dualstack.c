/* Lesson: with SO_REUSEPORT an AF_INET listener on 0.0.0.0 and an AF_INET6
 * listener on [::] share a port, and an IPv4 connection goes to the AF_INET
 * one, even when the AF_INET6 one could take IPv4 too.
 *
 * What you will see, on port 6001 with IPV6_V6ONLY left at its default (the
 * sysctl's value) and on port 6002 with IPV6_V6ONLY set to 1; both
 * listeners set SO_REUSEPORT before bind():
 *
 *                                  6001, bindv6only=0  6001, bindv6only=1  6002 (V6ONLY=1)
 *   bind 0.0.0.0, no SO_REUSEPORT  EADDRINUSE          0                   (not tried)
 *   bind 0.0.0.0, SO_REUSEPORT     0                   0                   0
 *   IPv4 client is accepted by     listener4           listener4           listener4b
 *   IPv6 client is accepted by     listener6           listener6           only6
 *   IPv4 after close(listener4)    listener6, mapped   ECONNREFUSED        ECONNREFUSED
 *
 * Which listener took a connection is read from accept() on both (the
 * listeners are non-blocking: the other says EAGAIN) and from the snapshot,
 * where the accepted socket is tcp (a child of the AF_INET listener) or tcp6.
 * Only one socket per family joins the port, so no load balancing is
 * involved and every case is deterministic.
 *
 * Why: RFC 3493 §5.3 gives as the example use of IPV6_V6ONLY "two versions
 * of the same server process to run on the same port, one providing service
 * over IPv6, the other providing the same service over IPv4"; §3.7 lets an
 * AF_INET6 socket that is not v6-only serve IPv4 as well. Linux lets the two
 * share the port in either case when both set SO_REUSEPORT:
 * - bind: net/ipv4/inet_connection_sock.c, inet_csk_bind_conflict (the
 *   per-pair test is inet_bind_conflict in kernels with the bhash2 table)
 *   lets a socket share a port with one whose address overlaps only if both
 *   have sk_reuseport and the same owner uid; inet_rcv_saddr_equal says
 *   whether [::] overlaps 0.0.0.0, which it does only if the AF_INET6 socket
 *   is not v6-only. Without SO_REUSEPORT the IPv4 bind on the dual-stack port
 *   is EADDRINUSE; beside a v6-only listener it needs nothing.
 * - lookup: net/ipv4/inet_hashtables.c, __inet_lookup_listener hashes
 *   0.0.0.0 and [::] into the same listening bucket. inet_lhash2_lookup
 *   walks it, and at the first socket whose compute_score is positive (a
 *   v6-only socket scores -1 for IPv4; an AF_INET one gets a point more)
 *   it returns the pick of that socket's SO_REUSEPORT group
 *   (inet_lookup_reuseport, reuseport_select_sock). So the order in the
 *   bucket decides, and __inet_hash adds an AF_INET6 SO_REUSEPORT listener
 *   at the tail, every other one at the head: the AF_INET listener is met
 *   first whatever the order of listen(). Groups are per family
 *   (inet_reuseport_add_sock wants the same sk_family and v6-only flag), so
 *   the pick is listener4 itself. The tail insertion is kernel commit
 *   d894ba18d4e4 ("soreuseport: fix ordering for mixed v4/v6 sockets");
 *   the kernel selftest tools/testing/selftests/net/reuseport_dualstack.c
 *   checks the same preference with several sockets a family, TCP and UDP.
 * - An IPv6 connection only ever matches AF_INET6 sockets (inet6_lhash2_lookup).
 * Once listener4 is closed, the dual-stack listener6 is the only match for
 * IPv4 and accepts it as [::ffff:127.0.0.1] (under bindv6only=1 it is
 * v6-only, and the IPv4 SYN finds nobody: ECONNREFUSED).
 */
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lesson.h"

/* Plumbing: wait (at most 2 s) until a connection is queued on either
 * listener; the accept() calls that follow report which one. A negative fd
 * is ignored by poll(). */
static void await_connection(int first, int second)
{
	struct pollfd fds[2] = {{.fd = first, .events = POLLIN}, {.fd = second, .events = POLLIN}};
	poll(fds, 2, 2000);
}

int main(void)
{
	int one = 1;

	/* 1. Port 6001: IPV6_V6ONLY left at the sysctl's value. */
	int listener6 = socket(AF_INET6, SOCK_STREAM | SOCK_NONBLOCK, 0);
	report_socket(listener6, "listener6", "socket(AF_INET6, SOCK_STREAM | SOCK_NONBLOCK, 0)");
	report_call(setsockopt(listener6, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one),
		    "setsockopt(listener6, SO_REUSEPORT, 1)");
	struct sockaddr_in6 any6_6001 = make_sockaddr_in6("::", 6001);
	report_call(bind(listener6, (struct sockaddr *)&any6_6001, sizeof any6_6001),
		    "bind(listener6, %s)", sockaddr_text(&any6_6001));
	report_call(listen(listener6, 8), "listen(listener6, 8)");

	/* Without SO_REUSEPORT an IPv4 socket cannot join a dual-stack port. */
	int plain4 = socket(AF_INET, SOCK_STREAM, 0);
	report_socket(plain4, "plain4", "socket(AF_INET, SOCK_STREAM, 0)");
	struct sockaddr_in any4_6001 = make_sockaddr_in("0.0.0.0", 6001);
	report_call(bind(plain4, (struct sockaddr *)&any4_6001, sizeof any4_6001),
		    "bind(plain4, %s)", sockaddr_text(&any4_6001));
	report_call(close(plain4), "close(plain4)");

	int listener4 = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	report_socket(listener4, "listener4", "socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0)");
	report_call(setsockopt(listener4, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one),
		    "setsockopt(listener4, SO_REUSEPORT, 1)");
	report_call(bind(listener4, (struct sockaddr *)&any4_6001, sizeof any4_6001),
		    "bind(listener4, %s)", sockaddr_text(&any4_6001));
	report_call(listen(listener4, 8), "listen(listener4, 8)");

	/* An IPv4 client: the AF_INET listener takes it. */
	int client4 = socket(AF_INET, SOCK_STREAM, 0);
	report_socket(client4, "client4", "socket(AF_INET, SOCK_STREAM, 0)");
	struct sockaddr_in loopback4_6001 = make_sockaddr_in("127.0.0.1", 6001);
	report_call(connect(client4, (struct sockaddr *)&loopback4_6001, sizeof loopback4_6001),
		    "connect(client4, %s)", sockaddr_text(&loopback4_6001));
	await_connection(listener4, listener6);
	/* Both listeners are asked; the one that did not get the connection
	 * says EAGAIN (its name, "...x", would label a wrong turn). */
	report_accept(accept(listener4, NULL, NULL), "accepted4", "accept(listener4)");
	report_accept(accept(listener6, NULL, NULL), "accepted4x", "accept(listener6)");

	/* An IPv6 client: only the AF_INET6 listener can take it. */
	int client6 = socket(AF_INET6, SOCK_STREAM, 0);
	report_socket(client6, "client6", "socket(AF_INET6, SOCK_STREAM, 0)");
	struct sockaddr_in6 loopback6_6001 = make_sockaddr_in6("::1", 6001);
	report_call(connect(client6, (struct sockaddr *)&loopback6_6001, sizeof loopback6_6001),
		    "connect(client6, %s)", sockaddr_text(&loopback6_6001));
	await_connection(listener4, listener6);
	report_accept(accept(listener4, NULL, NULL), "accepted6x", "accept(listener4)");
	report_accept(accept(listener6, NULL, NULL), "accepted6", "accept(listener6)");

	report_snapshot("port-6001-shared");

	/* With the AF_INET listener gone, IPv4 falls to the AF_INET6 one, if
	 * it is not v6-only. */
	report_call(close(listener4), "close(listener4)");
	int late4 = socket(AF_INET, SOCK_STREAM, 0);
	report_socket(late4, "late4", "socket(AF_INET, SOCK_STREAM, 0)");
	if (report_call(connect(late4, (struct sockaddr *)&loopback4_6001, sizeof loopback4_6001),
			"connect(late4, %s)", sockaddr_text(&loopback4_6001)) == 0) {
		await_connection(listener6, -1);
		report_accept(accept(listener6, NULL, NULL), "mapped4", "accept(listener6)");
	}

	/* 2. Port 6002: IPV6_V6ONLY set to 1, whatever the sysctl says. */
	int only6 = socket(AF_INET6, SOCK_STREAM | SOCK_NONBLOCK, 0);
	report_socket(only6, "only6", "socket(AF_INET6, SOCK_STREAM | SOCK_NONBLOCK, 0)");
	report_call(setsockopt(only6, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one),
		    "setsockopt(only6, IPV6_V6ONLY, 1)");
	report_call(setsockopt(only6, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one),
		    "setsockopt(only6, SO_REUSEPORT, 1)");
	struct sockaddr_in6 any6_6002 = make_sockaddr_in6("::", 6002);
	report_call(bind(only6, (struct sockaddr *)&any6_6002, sizeof any6_6002),
		    "bind(only6, %s)", sockaddr_text(&any6_6002));
	report_call(listen(only6, 8), "listen(only6, 8)");

	int listener4b = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	report_socket(listener4b, "listener4b", "socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0)");
	report_call(setsockopt(listener4b, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one),
		    "setsockopt(listener4b, SO_REUSEPORT, 1)");
	struct sockaddr_in any4_6002 = make_sockaddr_in("0.0.0.0", 6002);
	report_call(bind(listener4b, (struct sockaddr *)&any4_6002, sizeof any4_6002),
		    "bind(listener4b, %s)", sockaddr_text(&any4_6002));
	report_call(listen(listener4b, 8), "listen(listener4b, 8)");

	int client4b = socket(AF_INET, SOCK_STREAM, 0);
	report_socket(client4b, "client4b", "socket(AF_INET, SOCK_STREAM, 0)");
	struct sockaddr_in loopback4_6002 = make_sockaddr_in("127.0.0.1", 6002);
	report_call(connect(client4b, (struct sockaddr *)&loopback4_6002, sizeof loopback4_6002),
		    "connect(client4b, %s)", sockaddr_text(&loopback4_6002));
	await_connection(listener4b, only6);
	report_accept(accept(listener4b, NULL, NULL), "accepted4b", "accept(listener4b)");
	report_accept(accept(only6, NULL, NULL), "accepted4bx", "accept(only6)");

	int client6b = socket(AF_INET6, SOCK_STREAM, 0);
	report_socket(client6b, "client6b", "socket(AF_INET6, SOCK_STREAM, 0)");
	struct sockaddr_in6 loopback6_6002 = make_sockaddr_in6("::1", 6002);
	report_call(connect(client6b, (struct sockaddr *)&loopback6_6002, sizeof loopback6_6002),
		    "connect(client6b, %s)", sockaddr_text(&loopback6_6002));
	await_connection(listener4b, only6);
	report_accept(accept(listener4b, NULL, NULL), "accepted6bx", "accept(listener4b)");
	report_accept(accept(only6, NULL, NULL), "accepted6b", "accept(only6)");

	/* A v6-only listener never takes IPv4, not even as the last one. */
	report_call(close(listener4b), "close(listener4b)");
	int late4b = socket(AF_INET, SOCK_STREAM, 0);
	report_socket(late4b, "late4b", "socket(AF_INET, SOCK_STREAM, 0)");
	report_call(connect(late4b, (struct sockaddr *)&loopback4_6002, sizeof loopback4_6002),
		    "connect(late4b, %s)", sockaddr_text(&loopback4_6002));

	report_snapshot("end");
	return 0;
}
