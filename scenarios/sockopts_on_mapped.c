/* Lesson: traffic an AF_INET6 socket sends to a mapped address is IPv4, and
 * only the IPv4 options (IP_TTL, IP_TOS) shape it.
 *
 * What you will see: an AF_INET UDP receiver on 127.0.0.1:5801 asks for
 * each datagram's TTL and TOS (IP_RECVTTL, IP_RECVTOS). Five AF_INET6 UDP
 * senders send to [::ffff:127.0.0.1]:5801, each setting one option:
 *
 *   sender sets               sendto  TTL  TOS    (bindv6only=0)
 *   nothing, V6ONLY default   1       64   0x00
 *   IP_TTL 33                 1       33   0x00
 *   IPV6_UNICAST_HOPS 44      1       64   0x00
 *   IP_TOS 0x28               1       64   0x28
 *   IPV6_TCLASS 0x48          1       64   0x00
 *
 * The IPv6 options are accepted and read back, but the datagram leaves with
 * the IPv4 defaults (TTL 64 is net.ipv4.ip_default_ttl). Under
 * bindv6only=1 the first sender, which leaves IPV6_V6ONLY at its default
 * (now 1), cannot send to a mapped address at all (ENETUNREACH) and nothing
 * arrives; the other four set IPV6_V6ONLY to 0 before anything else and
 * see the same as above.
 *
 * Why: RFC 3493 §5.1 defines IPV6_UNICAST_HOPS and RFC 3542 §6.5
 * IPV6_TCLASS for IPv6 packets; a mapped destination (RFC 3493 §3.7) means
 * the packet is IPv4. udpv6_sendmsg (net/ipv6/udp.c) hands a v4-mapped
 * destination to the IPv4 udp_sendmsg ("err = ipv6_only_sock(sk) ?
 * -ENETUNREACH : udp_sendmsg(sk, msg, len)") before it looks up the IPv6
 * hop limit (ip6_sk_dst_hoplimit), and the traffic class it copied from
 * np->tclass (ipcm6_init_sk, include/net/ipv6.h) stays in its IPv6 cookie,
 * which udp_sendmsg never sees. The IPv4 header is built by __ip_make_skb
 * (net/ipv4/ip_output.c): TTL from ip_select_ttl (inet->uc_ttl, set by
 * IP_TTL, else the route's default), TOS from inet->tos (IP_TOS). IP_*
 * options work on an AF_INET6 UDP socket because ipv6_setsockopt
 * (net/ipv6/ipv6_sockglue.c) passes SOL_IP to ip_setsockopt. Recent
 * kernels changed how the IPv6 options are handled (do_ipv6_setsockopt
 * writes IPV6_UNICAST_HOPS locklessly with WRITE_ONCE(np->hop_limit);
 * IPV6_TCLASS keeps a TCP socket's ECN bits and resets the cached route;
 * udpv6_sendmsg now reads np->tclass at its start through ipcm6_init_sk,
 * where older kernels read it after the mapped branch), but not which
 * options a mapped destination uses.
 */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "errno_name.h"
#include "lesson.h"

#define GRID "what the IPv4 receiver sees"

int main(void)
{
	static const struct {
		const char *name;   /* the sender socket's name */
		const char *row;    /* its row in the grid */
		int set_v6only_0;   /* set IPV6_V6ONLY to 0 first */
		int level, option, value;
		const char *option_text, *value_text;
	} senders[] = {
		{"plain", "nothing, V6ONLY default", 0, 0, 0, 0, NULL, NULL},
		{"ttl33", "IP_TTL 33", 1, IPPROTO_IP, IP_TTL, 33, "IP_TTL", "33"},
		{"hops44", "IPV6_UNICAST_HOPS 44", 1, IPPROTO_IPV6, IPV6_UNICAST_HOPS, 44,
		 "IPV6_UNICAST_HOPS", "44"},
		{"tos28", "IP_TOS 0x28", 1, IPPROTO_IP, IP_TOS, 0x28, "IP_TOS", "0x28"},
		{"tclass48", "IPV6_TCLASS 0x48", 1, IPPROTO_IPV6, IPV6_TCLASS, 0x48, "IPV6_TCLASS",
		 "0x48"},
	};
	enum { SENDERS = sizeof senders / sizeof senders[0] };
	char seen_sendto[SENDERS][24], seen_ttl[SENDERS][8], seen_tos[SENDERS][8];
	int on = 1, off = 0;

	/* An IPv4 receiver that reports each datagram's TTL and TOS. */
	int receiver = socket(AF_INET, SOCK_DGRAM, 0);
	report_socket(receiver, "receiver", "socket(AF_INET, SOCK_DGRAM, 0)");
	struct sockaddr_in loopback4_5801 = make_sockaddr_in("127.0.0.1", 5801);
	report_call(bind(receiver, (struct sockaddr *)&loopback4_5801, sizeof loopback4_5801),
		    "bind(receiver, %s)", sockaddr_text(&loopback4_5801));
	report_call(setsockopt(receiver, IPPROTO_IP, IP_RECVTTL, &on, sizeof on),
		    "setsockopt(receiver, IP_RECVTTL, 1)");
	report_call(setsockopt(receiver, IPPROTO_IP, IP_RECVTOS, &on, sizeof on),
		    "setsockopt(receiver, IP_RECVTOS, 1)");

	struct sockaddr_in6 mapped_5801 = make_sockaddr_in6("::ffff:127.0.0.1", 5801);

	for (size_t i = 0; i < SENDERS; i++) {
		const char *name = senders[i].name;
		strcpy(seen_ttl[i], "-");
		strcpy(seen_tos[i], "-");

		int sender = socket(AF_INET6, SOCK_DGRAM, 0);
		report_socket(sender, name, "socket(AF_INET6, SOCK_DGRAM, 0)");
		if (senders[i].set_v6only_0) {
			report_call(setsockopt(sender, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off),
				    "setsockopt(%s, IPV6_V6ONLY, 0)", name);
		} else {
			int v6only = -1;
			socklen_t len = sizeof v6only;
			int rc = getsockopt(sender, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, &len);
			report_value(rc, v6only, "getsockopt(%s, IPV6_V6ONLY)", name);
		}
		if (senders[i].option_text) {
			int value = senders[i].value, stored = -1;
			socklen_t len = sizeof stored;
			report_call(setsockopt(sender, senders[i].level, senders[i].option, &value,
					       sizeof value),
				    "setsockopt(%s, %s, %s)", name, senders[i].option_text,
				    senders[i].value_text);
			int rc = getsockopt(sender, senders[i].level, senders[i].option, &stored, &len);
			report_value(rc, stored, "getsockopt(%s, %s)", name, senders[i].option_text);
		}

		int sent = (int)sendto(sender, "x", 1, 0, (struct sockaddr *)&mapped_5801,
				       sizeof mapped_5801);
		report_call(sent, "sendto(%s, \"x\", %s)", name, sockaddr_text(&mapped_5801));
		if (sent < 0) {
			snprintf(seen_sendto[i], sizeof seen_sendto[i], "%s", errno_name(errno));
			report_note("nothing was sent, so nothing can arrive");
			continue;
		}
		snprintf(seen_sendto[i], sizeof seen_sendto[i], "%d", sent);

		/* Plumbing: the datagram is on its way; wait up to 2 s. */
		struct pollfd ready = {.fd = receiver, .events = POLLIN};
		int arrived = poll(&ready, 1, 2000);
		report_call(arrived, "poll(receiver, POLLIN, 2000 ms)");
		if (arrived != 1) {
			report_note("nothing arrived");
			continue;
		}

		char data[16];
		union {
			char buf[CMSG_SPACE(sizeof(int)) * 4];
			struct cmsghdr align;
		} control;
		struct sockaddr_in from;
		struct iovec iov = {.iov_base = data, .iov_len = sizeof data};
		struct msghdr msg = {.msg_name = &from, .msg_namelen = sizeof from,
				     .msg_iov = &iov, .msg_iovlen = 1,
				     .msg_control = control.buf, .msg_controllen = sizeof control.buf};
		int got = (int)recvmsg(receiver, &msg, 0);
		report_address(got, "from", &from, "recvmsg(receiver)");
		if (got < 0)
			continue;

		/* The ancillary data: IP_TTL carries an int, IP_TOS one byte. */
		for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
			if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TTL) {
				int ttl;
				memcpy(&ttl, CMSG_DATA(c), sizeof ttl);
				snprintf(seen_ttl[i], sizeof seen_ttl[i], "%d", ttl);
			} else if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TOS) {
				unsigned char tos;
				memcpy(&tos, CMSG_DATA(c), sizeof tos);
				snprintf(seen_tos[i], sizeof seen_tos[i], "0x%02x", tos);
			}
		}
		report_note("the IPv4 header said: TTL %s, TOS %s", seen_ttl[i], seen_tos[i]);
	}

	report_snapshot("after-sending");

	for (size_t i = 0; i < SENDERS; i++) {
		report_cell(GRID, senders[i].row, "sendto", "%s", seen_sendto[i]);
		report_cell(GRID, senders[i].row, "TTL", "%s", seen_ttl[i]);
		report_cell(GRID, senders[i].row, "TOS", "%s", seen_tos[i]);
	}
	return 0;
}
