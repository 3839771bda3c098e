/* Lesson: binding an AF_INET6 socket to a specific IPv6 address (not [::],
 * not ::ffff:a.b.c.d) makes it v6-only, whatever IPV6_V6ONLY said before.
 *
 * What you will see: AF_INET6 sockets that all set IPV6_V6ONLY to 0
 * (dual-stack) before bind(). "loop6" binds [::1]:6201: getsockopt reads 0
 * before bind() and 1 after it, and the snapshot's v6only column says 1.
 * "any6" binds [::]:6202 and keeps its 0. The consequence for IPv4: an
 * AF_INET socket binds 127.0.0.1:6201 next to loop6, while 127.0.0.1:6202
 * is taken (EADDRINUSE) by any6, which as a dual-stack wildcard holds every
 * IPv4 address of its port. Last, even the IPv4 wildcard 0.0.0.0:6203 fits
 * next to a third such socket, "loop6b" on [::1]:6203. The transcript is
 * the same under bindv6only=0 and bindv6only=1: the sockets set the option
 * themselves.
 *
 * Why: RFC 3493 §5.3 gives IPV6_V6ONLY to the program, and in §3.7 only an
 * IPv4-mapped address stands for an IPv4 node; ::1 has no IPv4 meaning, so
 * a socket bound to it can never talk IPv4. Linux records that in the
 * socket (net/ipv6/af_inet6.c, __inet6_bind: "if (addr_type !=
 * IPV6_ADDR_ANY && addr_type != IPV6_ADDR_MAPPED) sk->sk_ipv6only = 1;",
 * undone only if the port cannot be had); getsockopt (do_ipv6_getsockopt)
 * and sock_diag's INET_DIAG_SKV6ONLY read that same bit. The same function
 * gives such a socket a placeholder IPv4 address ("ipv4 addr of the
 * socket is invalid": v4addr = LOOPBACK4_IPV6, 127.0.0.6 in
 * include/net/transp_v6.h), and the flag keeps IPv4 code away from it. Bind checks in
 * net/ipv4/inet_connection_sock.c: 127.0.0.1:6201 is compared only with
 * sockets on 127.0.0.1 or a wildcard of that port (inet_csk_get_port ->
 * inet_bhash2_addr_any_conflict, inet_csk_bind_conflict), and loop6 is
 * neither; 127.0.0.1:6202 meets any6 in the wildcard bucket, and any6 is
 * not v6-only (__inet_bhash2_conflict skips only v6-only sockets for an
 * AF_INET bind). A 0.0.0.0 bind is compared with every socket on the port
 * by inet_rcv_saddr_equal -> ipv4_rcv_saddr_equal, which is false at once
 * for a v6-only socket ("if (!sk2_ipv6only)"); without the flag the
 * wildcard would match loop6b's placeholder 127.0.0.6.
 */
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lesson.h"

int main(void)
{
	int off = 0, value = -1;
	socklen_t len = sizeof value;
	int rc;

	/* 1. A dual-stack socket bound to a specific IPv6 address. */
	int loop6 = socket(AF_INET6, SOCK_STREAM, 0);
	report_socket(loop6, "loop6", "socket(AF_INET6, SOCK_STREAM, 0)");
	report_call(setsockopt(loop6, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off),
		    "setsockopt(loop6, IPV6_V6ONLY, 0)");
	rc = getsockopt(loop6, IPPROTO_IPV6, IPV6_V6ONLY, &value, &len);
	report_value(rc, value, "getsockopt(loop6, IPV6_V6ONLY)");

	struct sockaddr_in6 loopback6_6201 = make_sockaddr_in6("::1", 6201);
	report_call(bind(loop6, (struct sockaddr *)&loopback6_6201, sizeof loopback6_6201),
		    "bind(loop6, %s)", sockaddr_text(&loopback6_6201));
	len = sizeof value;
	rc = getsockopt(loop6, IPPROTO_IPV6, IPV6_V6ONLY, &value, &len);
	report_value(rc, value, "getsockopt(loop6, IPV6_V6ONLY)");
	report_call(listen(loop6, 1), "listen(loop6, 1)");

	/* 2. The same request, bound to the wildcard: it stays dual-stack. */
	int any6 = socket(AF_INET6, SOCK_STREAM, 0);
	report_socket(any6, "any6", "socket(AF_INET6, SOCK_STREAM, 0)");
	report_call(setsockopt(any6, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off),
		    "setsockopt(any6, IPV6_V6ONLY, 0)");

	struct sockaddr_in6 any6_6202 = make_sockaddr_in6("::", 6202);
	report_call(bind(any6, (struct sockaddr *)&any6_6202, sizeof any6_6202),
		    "bind(any6, %s)", sockaddr_text(&any6_6202));
	len = sizeof value;
	rc = getsockopt(any6, IPPROTO_IPV6, IPV6_V6ONLY, &value, &len);
	report_value(rc, value, "getsockopt(any6, IPV6_V6ONLY)");
	report_call(listen(any6, 1), "listen(any6, 1)");

	/* 3. The consequence for IPv4 on the same ports. */
	int loop4 = socket(AF_INET, SOCK_STREAM, 0);
	report_socket(loop4, "loop4", "socket(AF_INET, SOCK_STREAM, 0)");
	struct sockaddr_in loopback4_6201 = make_sockaddr_in("127.0.0.1", 6201);
	rc = bind(loop4, (struct sockaddr *)&loopback4_6201, sizeof loopback4_6201);
	report_call(rc, "bind(loop4, %s)", sockaddr_text(&loopback4_6201));
	if (rc == 0)
		report_call(listen(loop4, 1), "listen(loop4, 1)");

	int loop4b = socket(AF_INET, SOCK_STREAM, 0);
	report_socket(loop4b, "loop4b", "socket(AF_INET, SOCK_STREAM, 0)");
	struct sockaddr_in loopback4_6202 = make_sockaddr_in("127.0.0.1", 6202);
	rc = bind(loop4b, (struct sockaddr *)&loopback4_6202, sizeof loopback4_6202);
	report_call(rc, "bind(loop4b, %s)", sockaddr_text(&loopback4_6202));
	if (rc == 0)
		report_call(listen(loop4b, 1), "listen(loop4b, 1)");

	/* 4. Even the IPv4 wildcard fits next to a socket on [::1]. */
	int loop6b = socket(AF_INET6, SOCK_STREAM, 0);
	report_socket(loop6b, "loop6b", "socket(AF_INET6, SOCK_STREAM, 0)");
	report_call(setsockopt(loop6b, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off),
		    "setsockopt(loop6b, IPV6_V6ONLY, 0)");
	struct sockaddr_in6 loopback6_6203 = make_sockaddr_in6("::1", 6203);
	report_call(bind(loop6b, (struct sockaddr *)&loopback6_6203, sizeof loopback6_6203),
		    "bind(loop6b, %s)", sockaddr_text(&loopback6_6203));
	report_call(listen(loop6b, 1), "listen(loop6b, 1)");

	int wild4 = socket(AF_INET, SOCK_STREAM, 0);
	report_socket(wild4, "wild4", "socket(AF_INET, SOCK_STREAM, 0)");
	struct sockaddr_in any4_6203 = make_sockaddr_in("0.0.0.0", 6203);
	rc = bind(wild4, (struct sockaddr *)&any4_6203, sizeof any4_6203);
	report_call(rc, "bind(wild4, %s)", sockaddr_text(&any4_6203));
	if (rc == 0)
		report_call(listen(wild4, 1), "listen(wild4, 1)");

	report_snapshot("listeners");
	return 0;
}
