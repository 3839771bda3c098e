/* Lesson: a dual-stack UDP socket learns an IPv4 datagram's destination
 * address from IPV6_PKTINFO as a mapped address, from IP_PKTINFO as a plain
 * one, or from both; an IPv6 datagram only ever brings IPV6_PKTINFO.
 *
 * What you will see: three AF_INET6 UDP receivers on [::], each with
 * IPV6_V6ONLY set to 0 first (under bindv6only=1 the default would be 1 and
 * no IPv4 datagram would reach them), each asking for different ancillary
 * data before bind(). An AF_INET sender (127.0.0.1:6610) sends each one a
 * datagram to 127.0.0.1 and one to 127.0.0.2 (both on lo: 127.0.0.0/8 is
 * local), and an AF_INET6 sender ([::1]:6611) one to ::1. recvmsg()
 * names the IPv4 sender [::ffff:127.0.0.1]:6610, and the destination
 * address comes back in these cmsgs:
 *
 *   receiver asks for, datagram sent to   IPV6_PKTINFO      IP_PKTINFO
 *   IPV6_RECVPKTINFO, to 127.0.0.1        ::ffff:127.0.0.1  none
 *   IPV6_RECVPKTINFO, to 127.0.0.2        ::ffff:127.0.0.2  none
 *   IPV6_RECVPKTINFO, to ::1              ::1               none
 *   IP_PKTINFO, to 127.0.0.1              none              127.0.0.1
 *   IP_PKTINFO, to 127.0.0.2              none              127.0.0.2
 *   IP_PKTINFO, to ::1                    none              none
 *   both, to 127.0.0.1                    ::ffff:127.0.0.1  127.0.0.1
 *   both, to 127.0.0.2                    ::ffff:127.0.0.2  127.0.0.2
 *   both, to ::1                          ::1               none
 *
 * (IP_PKTINFO is set at level IPPROTO_IP on the AF_INET6 socket.) With
 * both, IPV6_PKTINFO comes first. The IPv6 form of an IPv4 destination is
 * its mapped address; the IPv4 option says nothing about IPv6 datagrams.
 * Each cmsg also carries the arriving interface (index 1, lo); IP_PKTINFO's
 * ipi_spec_dst, the address a reply should come from, equals the
 * destination here. Under bindv6only=1 the transcript is the same but for
 * the first getsockopt, which reads the sysctl's default.
 *
 * Why: RFC 3542 §6 defines struct in6_pktinfo and the IPV6_RECVPKTINFO
 * option, which makes recvmsg() return an IPV6_PKTINFO object for each
 * datagram: per §6.1 ipi6_ifindex is the interface the packet arrived on,
 * per §6.2 ipi6_addr is its destination address. For an IPv4 datagram on
 * an AF_INET6 socket that address can only be IPv4-mapped (RFC 3493 §3.7).
 * IP_PKTINFO is Linux's IPv4 option (ip(7), struct in_pktinfo); an AF_INET6
 * UDP socket accepts it because ipv6_setsockopt (net/ipv6/ipv6_sockglue.c)
 * hands SOL_IP to ip_setsockopt. Linux: udpv6_recvmsg (net/ipv6/udp.c)
 * does not call ip6_datagram_recv_ctl; it calls "if (np->rxopt.all)
 * ip6_datagram_recv_common_ctl(sk, msg, skb);" for every datagram, then
 * "if (is_udp4) { if (inet_cmsg_flags(inet)) ip_cmsg_recv_offset(...); }
 * else { if (np->rxopt.all) ip6_datagram_recv_specific_ctl(...); }".
 * ip6_datagram_recv_common_ctl (net/ipv6/datagram.c) builds IPV6_PKTINFO:
 * from the IPv6 header for IPv6, and for IPv4 "ipv6_addr_set_v4mapped(
 * ip_hdr(skb)->daddr, &src_info.ipi6_addr)" with the interface from
 * PKTINFO_SKB_CB. ip_cmsg_recv_offset (net/ipv4/ip_sockglue.c) adds
 * IP_PKTINFO (ip_cmsg_recv_pktinfo: ipi_addr = ip_hdr(skb)->daddr) only for
 * IPv4 datagrams, after it. The interface and ipi_spec_dst were saved on
 * arrival by ipv4_pktinfo_prepare (net/ipv4/ip_sockglue.c, called from
 * udp_queue_rcv_one_skb, net/ipv4/udp.c), which runs when the socket asked
 * for either option ("inet_test_bit(PKTINFO, sk) || ipv6_sk_rxinfo(sk)");
 * fib_compute_spec_dst (net/ipv4/fib_frontend.c) returns the header's
 * destination for a local route.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "lesson.h"

#define GRID "destination address, by cmsg"

/* Report one ancillary data object; keep the address it carries for the grid. */
static void report_cmsg(const struct cmsghdr *c, char *seen6, char *seen4, size_t seen_size)
{
	char addr[INET6_ADDRSTRLEN], spec_dst[INET_ADDRSTRLEN];
	if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO) {
		struct in6_pktinfo info;
		memcpy(&info, CMSG_DATA(c), sizeof info);
		inet_ntop(AF_INET6, &info.ipi6_addr, addr, sizeof addr);
		report_note("cmsg IPPROTO_IPV6 IPV6_PKTINFO: ipi6_addr %s, ipi6_ifindex %u", addr,
			    info.ipi6_ifindex);
		snprintf(seen6, seen_size, "%s", addr);
	} else if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
		struct in_pktinfo info;
		memcpy(&info, CMSG_DATA(c), sizeof info);
		inet_ntop(AF_INET, &info.ipi_addr, addr, sizeof addr);
		inet_ntop(AF_INET, &info.ipi_spec_dst, spec_dst, sizeof spec_dst);
		report_note("cmsg IPPROTO_IP IP_PKTINFO: ipi_addr %s, ipi_spec_dst %s, ipi_ifindex %d",
			    addr, spec_dst, info.ipi_ifindex);
		snprintf(seen4, seen_size, "%s", addr);
	} else {
		report_note("cmsg level %d type %d", c->cmsg_level, c->cmsg_type);
	}
}

int main(void)
{
	static const struct {
		const char *name; /* the receiver socket's name */
		const char *row;  /* its row in the grid */
		uint16_t port;
		int recvpktinfo, ip_pktinfo; /* which options it sets */
	} receivers[] = {
		{"info6", "IPV6_RECVPKTINFO", 6601, 1, 0},
		{"info4", "IP_PKTINFO", 6602, 0, 1},
		{"both", "both", 6603, 1, 1},
	};
	static const char *const destinations[] = {"127.0.0.1", "127.0.0.2", "::1"};
	enum { RECEIVERS = sizeof receivers / sizeof receivers[0],
	       DESTINATIONS = sizeof destinations / sizeof destinations[0] };
	/* What each datagram's IPV6_PKTINFO and IP_PKTINFO said, for the grid. */
	char seen6[RECEIVERS][DESTINATIONS][INET6_ADDRSTRLEN];
	char seen4[RECEIVERS][DESTINATIONS][INET6_ADDRSTRLEN];
	int on = 1, off = 0, v6only = -1;
	socklen_t len = sizeof v6only;
	int rc;

	/* The two senders: plain IPv4, and IPv6. */
	int sender4 = socket(AF_INET, SOCK_DGRAM, 0);
	report_socket(sender4, "sender4", "socket(AF_INET, SOCK_DGRAM, 0)");
	struct sockaddr_in loopback4_6610 = make_sockaddr_in("127.0.0.1", 6610);
	report_call(bind(sender4, (struct sockaddr *)&loopback4_6610, sizeof loopback4_6610),
		    "bind(sender4, %s)", sockaddr_text(&loopback4_6610));
	int sender6 = socket(AF_INET6, SOCK_DGRAM, 0);
	report_socket(sender6, "sender6", "socket(AF_INET6, SOCK_DGRAM, 0)");
	struct sockaddr_in6 loopback6_6611 = make_sockaddr_in6("::1", 6611);
	report_call(bind(sender6, (struct sockaddr *)&loopback6_6611, sizeof loopback6_6611),
		    "bind(sender6, %s)", sockaddr_text(&loopback6_6611));

	/* The receivers: dual-stack, each asking for its ancillary data. */
	int receiver_fd[RECEIVERS];
	for (size_t r = 0; r < RECEIVERS; r++) {
		const char *name = receivers[r].name;
		int fd = socket(AF_INET6, SOCK_DGRAM, 0);
		receiver_fd[r] = report_socket(fd, name, "socket(AF_INET6, SOCK_DGRAM, 0)");
		if (r == 0) {
			/* The sysctl's default, before the program sets it. */
			rc = getsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, &len);
			report_value(rc, v6only, "getsockopt(%s, IPV6_V6ONLY)", name);
		}
		report_call(setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off),
			    "setsockopt(%s, IPV6_V6ONLY, 0)", name);
		if (receivers[r].recvpktinfo)
			report_call(setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on, sizeof on),
				    "setsockopt(%s, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1)", name);
		if (receivers[r].ip_pktinfo)
			report_call(setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &on, sizeof on),
				    "setsockopt(%s, IPPROTO_IP, IP_PKTINFO, 1)", name);
		struct sockaddr_in6 any6 = make_sockaddr_in6("::", receivers[r].port);
		report_call(bind(fd, (struct sockaddr *)&any6, sizeof any6), "bind(%s, %s)", name,
			    sockaddr_text(&any6));
	}

	/* Each receiver gets three datagrams: to 127.0.0.1, 127.0.0.2, ::1. */
	for (size_t r = 0; r < RECEIVERS; r++) {
		const char *name = receivers[r].name;
		int fd = receiver_fd[r];
		for (size_t d = 0; d < DESTINATIONS; d++) {
			strcpy(seen6[r][d], "none");
			strcpy(seen4[r][d], "none");
			int sent;
			if (strchr(destinations[d], ':')) {
				struct sockaddr_in6 to = make_sockaddr_in6(destinations[d], receivers[r].port);
				sent = (int)sendto(sender6, "x", 1, 0, (struct sockaddr *)&to, sizeof to);
				report_call(sent, "sendto(sender6, \"x\", %s)", sockaddr_text(&to));
			} else {
				struct sockaddr_in to = make_sockaddr_in(destinations[d], receivers[r].port);
				sent = (int)sendto(sender4, "x", 1, 0, (struct sockaddr *)&to, sizeof to);
				report_call(sent, "sendto(sender4, \"x\", %s)", sockaddr_text(&to));
			}
			if (sent < 0)
				continue;

			/* Plumbing: the datagram is on its way; wait up to 2 s. */
			struct pollfd ready = {.fd = fd, .events = POLLIN};
			int arrived = poll(&ready, 1, 2000);
			report_call(arrived, "poll(%s, POLLIN, 2000 ms)", name);
			if (arrived != 1) {
				report_note("nothing arrived");
				continue;
			}

			char data[16];
			union {
				char buf[256];
				struct cmsghdr align;
			} control;
			struct sockaddr_in6 from;
			struct iovec iov = {.iov_base = data, .iov_len = sizeof data};
			struct msghdr msg = {.msg_name = &from, .msg_namelen = sizeof from,
					     .msg_iov = &iov, .msg_iovlen = 1,
					     .msg_control = control.buf,
					     .msg_controllen = sizeof control.buf};
			int got = (int)recvmsg(fd, &msg, 0);
			report_address(got, "from", &from, "recvmsg(%s)", name);
			if (got < 0)
				continue;

			int cmsgs = 0;
			for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c), cmsgs++)
				report_cmsg(c, seen6[r][d], seen4[r][d], sizeof seen6[r][d]);
			if (msg.msg_flags & MSG_CTRUNC)
				report_note("MSG_CTRUNC: some ancillary data did not fit");
			if (cmsgs == 0)
				report_note("no ancillary data");
		}
	}

	report_snapshot("receivers");

	for (size_t r = 0; r < RECEIVERS; r++) {
		for (size_t d = 0; d < DESTINATIONS; d++) {
			char row[64];
			snprintf(row, sizeof row, "%s, to %s", receivers[r].row, destinations[d]);
			report_cell(GRID, row, "IPV6_PKTINFO", "%s", seen6[r][d]);
			report_cell(GRID, row, "IP_PKTINFO", "%s", seen4[r][d]);
		}
	}

	for (size_t r = 0; r < RECEIVERS; r++)
		close(receiver_fd[r]);
	close(sender6);
	close(sender4);
	return 0;
}
