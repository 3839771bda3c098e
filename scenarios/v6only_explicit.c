/* Lesson: IPV6_V6ONLY set by the program wins over net.ipv6.bindv6only.
 *
 * What you will see: two AF_INET6 listeners on the wildcard address. The
 * first sets IPV6_V6ONLY to 1 before bind(): an IPv4 client is refused
 * (ECONNREFUSED) while an IPv6 client on [::1] gets in. The second sets it
 * to 0: an IPv4 client gets in and is accepted as [::ffff:127.0.0.1]. The
 * transcript is the same under bindv6only=0 and bindv6only=1, apart from
 * the value getsockopt reads before the option is set.
 *
 * Why: RFC 3493 §5.3 defines IPV6_V6ONLY per socket; the sysctl only gives
 * its default when the socket is created (net/ipv6/af_inet6.c,
 * inet6_create). setsockopt(IPV6_V6ONLY) overwrites it, and is allowed only
 * while the socket has no local port yet (net/ipv6/ipv6_sockglue.c,
 * do_ipv6_setsockopt: EINVAL once inet_num is set).
 * A v6-only listener is entered in the bind table for IPv6 only, so an IPv4
 * SYN to port 5556 finds no listener and is answered with a reset.
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

	/* 1. A listener that refuses IPv4: IPV6_V6ONLY = 1. */
	int only6 = socket(AF_INET6, SOCK_STREAM, 0);
	report_socket(only6, "only6", "socket(AF_INET6, SOCK_STREAM, 0)");
	/* Before anything is set, the option holds the sysctl's value. */
	rc = getsockopt(only6, IPPROTO_IPV6, IPV6_V6ONLY, &value, &len);
	report_value(rc, value, "getsockopt(only6, IPV6_V6ONLY)");
	report_call(setsockopt(only6, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on),
		    "setsockopt(only6, IPV6_V6ONLY, 1)");

	struct sockaddr_in6 any6_5556 = make_sockaddr_in6("::", 5556);
	report_call(bind(only6, (struct sockaddr *)&any6_5556, sizeof any6_5556),
		    "bind(only6, %s)", sockaddr_text(&any6_5556));
	report_call(listen(only6, 1), "listen(only6, 1)");

	int client4 = socket(AF_INET, SOCK_STREAM, 0);
	report_socket(client4, "client4", "socket(AF_INET, SOCK_STREAM, 0)");
	struct sockaddr_in loopback4_5556 = make_sockaddr_in("127.0.0.1", 5556);
	report_call(connect(client4, (struct sockaddr *)&loopback4_5556, sizeof loopback4_5556),
		    "connect(client4, %s)", sockaddr_text(&loopback4_5556));

	int client6 = socket(AF_INET6, SOCK_STREAM, 0);
	report_socket(client6, "client6", "socket(AF_INET6, SOCK_STREAM, 0)");
	struct sockaddr_in6 loopback6_5556 = make_sockaddr_in6("::1", 5556);
	if (report_call(connect(client6, (struct sockaddr *)&loopback6_5556, sizeof loopback6_5556),
			"connect(client6, %s)", sockaddr_text(&loopback6_5556)) == 0)
		report_accept(accept(only6, NULL, NULL), "accepted6", "accept(only6)");

	/* 2. A listener that takes IPv4 too: IPV6_V6ONLY = 0. */
	int dual = socket(AF_INET6, SOCK_STREAM, 0);
	report_socket(dual, "dual", "socket(AF_INET6, SOCK_STREAM, 0)");
	report_call(setsockopt(dual, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off),
		    "setsockopt(dual, IPV6_V6ONLY, 0)");

	struct sockaddr_in6 any6_5557 = make_sockaddr_in6("::", 5557);
	report_call(bind(dual, (struct sockaddr *)&any6_5557, sizeof any6_5557),
		    "bind(dual, %s)", sockaddr_text(&any6_5557));
	report_call(listen(dual, 1), "listen(dual, 1)");

	int mapped_client = socket(AF_INET, SOCK_STREAM, 0);
	report_socket(mapped_client, "client4b", "socket(AF_INET, SOCK_STREAM, 0)");
	struct sockaddr_in loopback4_5557 = make_sockaddr_in("127.0.0.1", 5557);
	if (report_call(connect(mapped_client, (struct sockaddr *)&loopback4_5557, sizeof loopback4_5557),
			"connect(client4b, %s)", sockaddr_text(&loopback4_5557)) == 0)
		report_accept(accept(dual, NULL, NULL), "accepted4", "accept(dual)");

	report_snapshot("both-listeners");
	return 0;
}
