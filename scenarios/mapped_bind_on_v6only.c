/* Lesson: an AF_INET6 socket can bind an IPv4-mapped address
 * (::ffff:127.0.0.1) only if it is not IPV6_V6ONLY; bound so, it is an
 * IPv4 endpoint that netstat still lists as tcp6.
 *
 * What you will see: "only6" sets IPV6_V6ONLY to 1 and bind() to
 * [::ffff:127.0.0.1]:6301 fails with EINVAL. "mapped" sets it to 0 and the
 * same bind() succeeds; its listener row is tcp6 with local address
 * [::ffff:127.0.0.1]:6301 and v6only 0. A plain AF_INET client connects to
 * 127.0.0.1:6301 and is accepted by it, its peer written as
 * [::ffff:127.0.0.1]:EPH1 and its row tcp6 too. Last, "plain" leaves the
 * option alone and binds [::ffff:127.0.0.1]:6302: under bindv6only=0 that
 * works like "mapped"; under bindv6only=1 it fails with EINVAL like
 * "only6", because the sysctl made it v6-only when it was created.
 *
 * Why: RFC 3493 §3.7 maps IPv4 addresses into AF_INET6 as ::ffff:a.b.c.d,
 * and §5.3 says a socket with IPV6_V6ONLY set may use IPv6 only, so a
 * mapped address has no meaning on it. Linux refuses the bind
 * (net/ipv6/af_inet6.c, __inet6_bind: "Binding to v4-mapped address on a
 * v6-only socket makes no sense", if (ipv6_only_sock(sk)) err = -EINVAL).
 * The default of the option is the namespace's net.ipv6.bindv6only, copied
 * in at creation (inet6_create: sk->sk_ipv6only =
 * net->ipv6.sysctl.bindv6only), so leaving it alone under bindv6only=1 is
 * the same as setting it to 1. Otherwise __inet6_bind checks the IPv4
 * address as inet_bind would and stores it as the socket's IPv4 address
 * (inet_rcv_saddr = v4addr, "Reproduce AF_INET checks"); the IPv4 listener
 * lookup then finds the socket for 127.0.0.1:6301 (net/ipv4/inet_hashtables.c,
 * compute_score: !ipv6_only_sock(sk) and sk->sk_rcv_saddr == daddr). The
 * accepted socket is a child of an AF_INET6 listener, so it is AF_INET6 as
 * well, with mapped addresses (net/ipv6/tcp_ipv6.c, tcp_v6_syn_recv_sock,
 * the "v6 mapped" branch), and /proc lists both under tcp6.
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

	/* 1. A v6-only socket cannot bind a mapped address. */
	int only6 = socket(AF_INET6, SOCK_STREAM, 0);
	report_socket(only6, "only6", "socket(AF_INET6, SOCK_STREAM, 0)");
	report_call(setsockopt(only6, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on),
		    "setsockopt(only6, IPV6_V6ONLY, 1)");
	struct sockaddr_in6 mapped_6301 = make_sockaddr_in6("::ffff:127.0.0.1", 6301);
	report_call(bind(only6, (struct sockaddr *)&mapped_6301, sizeof mapped_6301),
		    "bind(only6, %s)", sockaddr_text(&mapped_6301));

	/* 2. A dual-stack socket can, and serves IPv4 clients there. */
	int mapped = socket(AF_INET6, SOCK_STREAM, 0);
	report_socket(mapped, "mapped", "socket(AF_INET6, SOCK_STREAM, 0)");
	report_call(setsockopt(mapped, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off),
		    "setsockopt(mapped, IPV6_V6ONLY, 0)");
	report_call(bind(mapped, (struct sockaddr *)&mapped_6301, sizeof mapped_6301),
		    "bind(mapped, %s)", sockaddr_text(&mapped_6301));
	report_call(listen(mapped, 1), "listen(mapped, 1)");

	int client4 = socket(AF_INET, SOCK_STREAM, 0);
	report_socket(client4, "client4", "socket(AF_INET, SOCK_STREAM, 0)");
	struct sockaddr_in loopback4_6301 = make_sockaddr_in("127.0.0.1", 6301);
	rc = connect(client4, (struct sockaddr *)&loopback4_6301, sizeof loopback4_6301);
	report_call(rc, "connect(client4, %s)", sockaddr_text(&loopback4_6301));
	if (rc == 0) {
		int accepted = accept(mapped, NULL, NULL);
		report_accept(accepted, "accepted", "accept(mapped)");
	}

	/* 3. Leaving the option alone: the sysctl decides. */
	int plain = socket(AF_INET6, SOCK_STREAM, 0);
	report_socket(plain, "plain", "socket(AF_INET6, SOCK_STREAM, 0)");
	rc = getsockopt(plain, IPPROTO_IPV6, IPV6_V6ONLY, &value, &len);
	report_value(rc, value, "getsockopt(plain, IPV6_V6ONLY)");
	struct sockaddr_in6 mapped_6302 = make_sockaddr_in6("::ffff:127.0.0.1", 6302);
	rc = bind(plain, (struct sockaddr *)&mapped_6302, sizeof mapped_6302);
	report_call(rc, "bind(plain, %s)", sockaddr_text(&mapped_6302));
	if (rc == 0)
		report_call(listen(plain, 1), "listen(plain, 1)");

	report_snapshot("mapped-listeners");
	return 0;
}
