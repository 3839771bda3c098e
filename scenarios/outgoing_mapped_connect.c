/* Lesson: an AF_INET6 socket reaches an IPv4 server by connecting to its
 * IPv4-mapped address, and the connection is listed as tcp6 on the client
 * side; a v6-only socket cannot do that (ENETUNREACH).
 *
 * What you will see: a plain AF_INET server listens on 127.0.0.1:6401.
 * "client" is AF_INET6 with IPV6_V6ONLY set to 0, as Java sets it on every
 * AF_INET6 socket it makes; it connects to [::ffff:127.0.0.1]:6401 and the
 * server accepts a peer 127.0.0.1:EPH1. getsockname and getpeername on the
 * client answer with mapped addresses, and the snapshot shows the client
 * as a tcp6 row, [::ffff:127.0.0.1]:EPH1 -> [::ffff:127.0.0.1]:6401, next
 * to the server's plain tcp rows. These are the outgoing tcp6 lines of the
 * seed's netstat, the Java program's connections to IPv4 servers.
 * "only6" sets IPV6_V6ONLY to 1 and the same connect() fails at once with
 * ENETUNREACH: no packet is sent. "plain" leaves the option alone: under
 * bindv6only=0 it connects like "client"; under bindv6only=1 it is v6-only
 * from birth and fails like "only6".
 *
 * Why: RFC 3493 §3.7: "Applications may use AF_INET6 sockets to open TCP
 * connections to IPv4 nodes ... by simply encoding the destination's IPv4
 * address as an IPv4-mapped IPv6 address"; §5.3: with IPV6_V6ONLY set the
 * socket sends and receives IPv6 packets only. Linux: net/ipv6/tcp_ipv6.c,
 * tcp_v6_connect, the "TCP over IPv4" branch, "if (addr_type &
 * IPV6_ADDR_MAPPED)" with addr_type = ipv6_addr_type(&usin->sin6_addr):
 * first "if (ipv6_only_sock(sk)) return -ENETUNREACH;", else it switches
 * the socket to the IPv4 operations (icsk_af_ops = &ipv6_mapped) and hands
 * an AF_INET copy of the address to tcp_v4_connect. That picks the source
 * address and port and stores both ends with sk_rcv_saddr_set and
 * sk_daddr_set (include/net/inet_hashtables.h), which also write the
 * mapped forms into sk_v6_rcv_saddr and sk_v6_daddr; inet6_getname
 * (net/ipv6/af_inet6.c) reads those. The socket stays AF_INET6, so
 * /proc/net/tcp6 lists it (net/ipv4/tcp_ipv4.c, seq_sk_match). Java:
 * OpenJDK src/java.base/unix/native/libnio/ch/Net.c,
 * Java_sun_nio_ch_Net_socket0: "If IPv4 is available, disable IPV6_V6ONLY
 * to ensure dual-socket support."
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

	/* A plain IPv4 server. */
	int server = socket(AF_INET, SOCK_STREAM, 0);
	report_socket(server, "server", "socket(AF_INET, SOCK_STREAM, 0)");
	struct sockaddr_in loopback4_6401 = make_sockaddr_in("127.0.0.1", 6401);
	report_call(bind(server, (struct sockaddr *)&loopback4_6401, sizeof loopback4_6401),
		    "bind(server, %s)", sockaddr_text(&loopback4_6401));
	report_call(listen(server, 2), "listen(server, 2)");

	/* 1. A dual-stack AF_INET6 client, as Java makes them. */
	int client = socket(AF_INET6, SOCK_STREAM, 0);
	report_socket(client, "client", "socket(AF_INET6, SOCK_STREAM, 0)");
	report_call(setsockopt(client, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off),
		    "setsockopt(client, IPV6_V6ONLY, 0)");
	struct sockaddr_in6 mapped_6401 = make_sockaddr_in6("::ffff:127.0.0.1", 6401);
	rc = connect(client, (struct sockaddr *)&mapped_6401, sizeof mapped_6401);
	report_call(rc, "connect(client, %s)", sockaddr_text(&mapped_6401));
	if (rc == 0) {
		int accepted = accept(server, NULL, NULL);
		report_accept(accepted, "accepted", "accept(server)");
	}

	struct sockaddr_in6 local, peer;
	socklen_t local_len = sizeof local, peer_len = sizeof peer;
	rc = getsockname(client, (struct sockaddr *)&local, &local_len);
	report_address(rc, "local", &local, "getsockname(client)");
	rc = getpeername(client, (struct sockaddr *)&peer, &peer_len);
	report_address(rc, "peer", &peer, "getpeername(client)");

	/* 2. A v6-only client: the kernel refuses before sending anything. */
	int only6 = socket(AF_INET6, SOCK_STREAM, 0);
	report_socket(only6, "only6", "socket(AF_INET6, SOCK_STREAM, 0)");
	report_call(setsockopt(only6, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on),
		    "setsockopt(only6, IPV6_V6ONLY, 1)");
	report_call(connect(only6, (struct sockaddr *)&mapped_6401, sizeof mapped_6401),
		    "connect(only6, %s)", sockaddr_text(&mapped_6401));

	/* 3. Leaving the option alone: the sysctl decides. */
	int plain = socket(AF_INET6, SOCK_STREAM, 0);
	report_socket(plain, "plain", "socket(AF_INET6, SOCK_STREAM, 0)");
	rc = getsockopt(plain, IPPROTO_IPV6, IPV6_V6ONLY, &value, &len);
	report_value(rc, value, "getsockopt(plain, IPV6_V6ONLY)");
	rc = connect(plain, (struct sockaddr *)&mapped_6401, sizeof mapped_6401);
	report_call(rc, "connect(plain, %s)", sockaddr_text(&mapped_6401));
	if (rc == 0) {
		int accepted_plain = accept(server, NULL, NULL);
		report_accept(accepted_plain, "accepted2", "accept(server)");
	}

	report_snapshot("connections");
	return 0;
}
