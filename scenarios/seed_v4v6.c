/* Lesson: why netstat lists an IPv4 connection as "tcp6".
 *
 * What you will see: an AF_INET6 listener on [::]:5555 that leaves
 * IPV6_V6ONLY alone accepts a client from a plain AF_INET socket. The
 * snapshot lists the client under tcp, and both the listener and the
 * accepted socket under tcp6: the accepted socket's peer is the IPv4 client,
 * written as the IPv4-mapped address [::ffff:127.0.0.1].
 * Under bindv6only=1 the listener is v6-only from birth, so the IPv4
 * connect finds nobody on 127.0.0.1:5555 and fails with ECONNREFUSED.
 *
 * Why: an AF_INET6 socket that is not IPV6_V6ONLY also handles IPv4, with
 * IPv4 addresses shown as ::ffff:a.b.c.d (RFC 3493 §3.7). The option's
 * default is the namespace's net.ipv6.bindv6only, copied into each new
 * socket when it is created (net/ipv6/af_inet6.c, inet6_create:
 * sk->sk_ipv6only = net->ipv6.sysctl.bindv6only). /proc/net/tcp6 lists
 * the TCP sockets whose own family is AF_INET6 (net/ipv4/tcp_ipv4.c,
 * seq_sk_match; printed by tcp6_seq_show), whatever family the peer has; the
 * accepted socket is a child of the AF_INET6 listener, so it is AF_INET6 too
 * (net/ipv6/tcp_ipv6.c, tcp_v6_syn_recv_sock, the "v6 mapped" branch).
 *
 * This is the program from the well-known answer to "Why do IPv4 TCP
 * connections show as tcp6?", reporting instead of calling netstat.
 */
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lesson.h"

int main(void)
{
	/* An IPv6 listener on every address, IPV6_V6ONLY left at its default. */
	int server = socket(AF_INET6, SOCK_STREAM, 0);
	report_socket(server, "server", "socket(AF_INET6, SOCK_STREAM, 0)");

	struct sockaddr_in6 any6 = make_sockaddr_in6("::", 5555);
	report_call(bind(server, (struct sockaddr *)&any6, sizeof any6),
		    "bind(server, %s)", sockaddr_text(&any6));
	report_call(listen(server, 1), "listen(server, 1)");

	/* A plain IPv4 client connects to it. */
	int client = socket(AF_INET, SOCK_STREAM, 0);
	report_socket(client, "client", "socket(AF_INET, SOCK_STREAM, 0)");

	struct sockaddr_in loopback4 = make_sockaddr_in("127.0.0.1", 5555);
	int rc = connect(client, (struct sockaddr *)&loopback4, sizeof loopback4);
	report_call(rc, "connect(client, %s)", sockaddr_text(&loopback4));

	if (rc == 0) {
		int accepted = accept(server, NULL, NULL);
		report_accept(accepted, "accepted", "accept(server)");
	}

	/* What netstat and ss would show now. */
	report_snapshot("after-connect");

	close(client);
	close(server);
	return 0;
}
