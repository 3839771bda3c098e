/* Lesson: IPV6_V6ONLY can be changed only before the socket has a local
 * port; after bind() (or listen(), which picks a port itself) it is too late.
 *
 * What you will see: an AF_INET6 socket bound to [::]:6101. After bind(),
 * setsockopt(IPV6_V6ONLY) fails with EINVAL whatever the value, even the
 * value the socket already has; getsockopt reads the same value before and
 * after. After listen() it fails the same way. The snapshot's v6only column
 * shows the mode the socket kept: 0 under bindv6only=0, 1 under
 * bindv6only=1, and an IPv4 client proves it: it is accepted as
 * [::ffff:127.0.0.1] under bindv6only=0 and refused (ECONNREFUSED) under
 * bindv6only=1. A second socket that never calls bind() gets its port from
 * listen() (an ephemeral port, [::]:EPHn), and from then on the option is
 * locked as well.
 *
 * Why: RFC 3493 §5.3 defines IPV6_V6ONLY per socket; on Linux its default
 * is net.ipv6.bindv6only, copied in at creation (net/ipv6/af_inet6.c,
 * inet6_create: sk->sk_ipv6only = net->ipv6.sysctl.bindv6only). The option
 * is refused once the socket owns a port (net/ipv6/ipv6_sockglue.c,
 * do_ipv6_setsockopt, case IPV6_V6ONLY: "if (optlen < sizeof(int) ||
 * inet_sk(sk)->inet_num) goto e_inval;"), because the bind table already
 * holds the socket under the mode it had at bind time. inet_num is set by
 * the port allocation in bind() (net/ipv6/af_inet6.c, __inet6_bind ->
 * sk->sk_prot->get_port), and just as well by listen() on an unbound
 * socket, which asks for a port itself (net/ipv4/inet_connection_sock.c,
 * inet_csk_listen_start: get_port(sk, inet->inet_num) with inet_num still
 * 0 picks an ephemeral one). The test looks only at inet_num, never at the
 * value asked for.
 */
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lesson.h"

int main(void)
{
	int off = 0, on = 1, value = -1;
	socklen_t len = sizeof value;
	int rc;

	/* 1. The option before bind(): whatever the sysctl gave the socket. */
	int server = socket(AF_INET6, SOCK_STREAM, 0);
	report_socket(server, "server", "socket(AF_INET6, SOCK_STREAM, 0)");
	rc = getsockopt(server, IPPROTO_IPV6, IPV6_V6ONLY, &value, &len);
	report_value(rc, value, "getsockopt(server, IPV6_V6ONLY)");

	struct sockaddr_in6 any6_6101 = make_sockaddr_in6("::", 6101);
	report_call(bind(server, (struct sockaddr *)&any6_6101, sizeof any6_6101),
		    "bind(server, %s)", sockaddr_text(&any6_6101));

	/* After bind(): refused, whichever value is asked for. */
	report_call(setsockopt(server, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on),
		    "setsockopt(server, IPV6_V6ONLY, 1)");
	report_call(setsockopt(server, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off),
		    "setsockopt(server, IPV6_V6ONLY, 0)");
	len = sizeof value;
	rc = getsockopt(server, IPPROTO_IPV6, IPV6_V6ONLY, &value, &len);
	report_value(rc, value, "getsockopt(server, IPV6_V6ONLY)");

	/* After listen(): still refused. */
	report_call(listen(server, 1), "listen(server, 1)");
	report_call(setsockopt(server, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on),
		    "setsockopt(server, IPV6_V6ONLY, 1)");
	report_call(setsockopt(server, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off),
		    "setsockopt(server, IPV6_V6ONLY, 0)");
	len = sizeof value;
	rc = getsockopt(server, IPPROTO_IPV6, IPV6_V6ONLY, &value, &len);
	report_value(rc, value, "getsockopt(server, IPV6_V6ONLY)");

	/* The mode it kept decides whether an IPv4 client gets in. */
	int client4 = socket(AF_INET, SOCK_STREAM, 0);
	report_socket(client4, "client4", "socket(AF_INET, SOCK_STREAM, 0)");
	struct sockaddr_in loopback4_6101 = make_sockaddr_in("127.0.0.1", 6101);
	rc = connect(client4, (struct sockaddr *)&loopback4_6101, sizeof loopback4_6101);
	report_call(rc, "connect(client4, %s)", sockaddr_text(&loopback4_6101));
	if (rc == 0) {
		int accepted = accept(server, NULL, NULL);
		report_accept(accepted, "accepted", "accept(server)");
	}

	/* 2. No bind() at all: listen() picks a port, and that locks the option too. */
	int unbound = socket(AF_INET6, SOCK_STREAM, 0);
	report_socket(unbound, "unbound", "socket(AF_INET6, SOCK_STREAM, 0)");
	report_call(listen(unbound, 1), "listen(unbound, 1)");
	struct sockaddr_in6 local;
	socklen_t local_len = sizeof local;
	rc = getsockname(unbound, (struct sockaddr *)&local, &local_len);
	report_address(rc, "local", &local, "getsockname(unbound)");
	report_call(setsockopt(unbound, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on),
		    "setsockopt(unbound, IPV6_V6ONLY, 1)");
	report_call(setsockopt(unbound, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off),
		    "setsockopt(unbound, IPV6_V6ONLY, 0)");

	report_snapshot("kept-modes");
	return 0;
}
