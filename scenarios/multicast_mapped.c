/* Lesson: an AF_INET6 socket takes part in IPv4 multicast only through the
 * IPv4 options (level IPPROTO_IP); the IPv6 options refuse or ignore a mapped
 * group, and the IPv4 senders appear as IPv4-mapped addresses.
 *
 * dslab-capabilities: cap_net_admin
 *
 * Set-up: a veth pair mc0/mc1 (both ends in this namespace, both up) with
 * 192.0.2.1/24 on mc0; the group is 239.255.0.1 (IPv4 local scope,
 * RFC 2365), port 7100. CAP_NET_ADMIN is lowered once mc0 exists: none of
 * the socket calls needs a capability.
 *
 * What you will see:
 *
 *                                                 bindv6only=0             bindv6only=1
 *   member6 (AF_INET6, [::]:7100) joins with
 *     IPV6_JOIN_GROUP {::ffff:239.255.0.1, mc0}    EINVAL                   EINVAL
 *     IP_ADD_MEMBERSHIP {239.255.0.1, 192.0.2.1}   0 (mc0's users 0 -> 1)   the same
 *   sender4 (AF_INET, 192.0.2.1:7101) sends "hello" to 239.255.0.1:7100:
 *     member4 (AF_INET, joined) reads it from      192.0.2.1:7101           192.0.2.1:7101
 *     member6 (AF_INET6, joined) reads it from     [::ffff:192.0.2.1]:7101  nothing
 *     nojoin4 (AF_INET, not joined)                reads it                 reads it
 *     nojoin6 (AF_INET6, not joined)               nothing                  nothing
 *   member6 sends to [::ffff:239.255.0.1]:7100:
 *     with IPV6_MULTICAST_IF mc0 set               ENETUNREACH              ENETUNREACH
 *     with IP_MULTICAST_IF 192.0.2.1 set too       member4, member6 read it ENETUNREACH
 *     ... and IP_MULTICAST_LOOP 0                  member4, member6 read it ENETUNREACH
 *     ... and IPV6_MULTICAST_LOOP 0                nothing arrives          ENETUNREACH
 *
 * "users" is the group's count of memberships on mc0 in /proc/net/igmp (what
 * `ip maddr` and `netstat -g` show): the AF_INET6 socket's join is a real
 * IPv4 membership of the interface, even when that socket is v6-only.
 * "Nothing" means no datagram within 500 ms (the sockets are non-blocking, so
 * recvfrom says EAGAIN); a looped-back copy is queued within microseconds.
 * member6's payloads name the option just set and differ in length, so a
 * byte count says which datagram was read.
 *
 * Why:
 * - RFC 3493 §5.2 defines the IPv6 multicast options (IPV6_JOIN_GROUP with
 *   struct ipv6_mreq, IPV6_MULTICAST_IF, IPV6_MULTICAST_LOOP) for IPv6
 *   multicast addresses; §3.7 lets an AF_INET6 socket send UDP to and receive
 *   UDP from IPv4 nodes through IPv4-mapped addresses. Neither says how an
 *   AF_INET6 socket joins an IPv4 group. On Linux:
 * - IPV6_JOIN_GROUP (= IPV6_ADD_MEMBERSHIP): net/ipv6/ipv6_sockglue.c,
 *   do_ipv6_setsockopt calls ipv6_sock_mc_join, and net/ipv6/mcast.c,
 *   __ipv6_sock_mc_join starts with "if (!ipv6_addr_is_multicast(addr))
 *   return -EINVAL;": ::ffff:239.255.0.1 is not in ff00::/8.
 * - IP_ADD_MEMBERSHIP on an AF_INET6 socket: net/ipv6/udp.c,
 *   udpv6_setsockopt hands every level but SOL_UDP/SOL_UDPLITE/SOL_SOCKET to
 *   ipv6_setsockopt (net/ipv6/ipv6_sockglue.c), which passes SOL_IP on:
 *   "if (level == SOL_IP && sk->sk_type != SOCK_RAW) return
 *   udp_prot.setsockopt(...)", i.e. to ip_setsockopt (net/ipv4/ip_sockglue.c,
 *   do_ip_setsockopt) and ip_mc_join_group (net/ipv4/igmp.c), as for an
 *   AF_INET socket. Nothing there looks at IPV6_V6ONLY.
 * - Delivery: net/ipv4/udp.c, __udp4_lib_mcast_deliver gives a copy to every
 *   socket on the port that __udp_is_mcast_sock accepts; that refuses
 *   ipv6_only_sock(sk), so a v6-only member gets nothing although its
 *   membership counts, and asks net/ipv4/igmp.c, ip_mc_sf_allow, which lets
 *   a socket that did not join this group pass only if its IPv4
 *   IP_MULTICAST_ALL bit is set ("ret = inet_test_bit(MC_ALL, sk)").
 *   net/ipv4/af_inet.c, inet_create sets that bit for AF_INET sockets;
 *   net/ipv6/af_inet6.c, inet6_create sets only the IPv6 one (np->mc_all),
 *   so an AF_INET6 socket must join the IPv4 group itself. net/ipv6/udp.c,
 *   udpv6_recvmsg writes an IPv4 source as
 *   ipv6_addr_set_v4mapped(ip_hdr(skb)->saddr, ...): [::ffff:192.0.2.1].
 * - Sending to a mapped group: net/ipv6/udp.c, udpv6_sendmsg hands a mapped
 *   destination to the IPv4 udp_sendmsg, or fails with ENETUNREACH if the
 *   socket is v6-only. udp_sendmsg (net/ipv4/udp.c) takes the interface of a
 *   multicast datagram from IP_MULTICAST_IF ("ipc.oif =
 *   READ_ONCE(inet->mc_index)"); IPV6_MULTICAST_IF sets np->mcast_oif, which
 *   the IPv4 path never reads, and this namespace has no route for
 *   239.255.0.1: ENETUNREACH. Whether a copy is looped back is asked by
 *   net/core/sock.c, sk_mc_loop, which switches on sk->sk_family: for an
 *   AF_INET6 socket it reads IPV6_MULTICAST_LOOP (MC6_LOOP) even for an
 *   IPv4 datagram, so IP_MULTICAST_LOOP 0 changes nothing and
 *   IPV6_MULTICAST_LOOP 0 stops the copy.
 * - Why a veth and not lo: net/ipv4/route.c, __mkroute_output installs
 *   ip_mc_output (which makes the loop-back copy) only on a device without
 *   IFF_LOOPBACK; on lo every datagram comes back through the device itself,
 *   so the loop options would seem to do nothing. The datagram that leaves
 *   mc0 reaches mc1, which has not joined the group and drops it.
 */
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "capability.h"
#include "netconf.h"
#include "lesson.h"

/* Report the number of memberships of group on interface ifname, from
 * /proc/net/igmp (net/ipv4/igmp.c, igmp_mc_seq_show: a line per interface,
 * "IDX\tNAME: COUNT QUERIER", then a line per group, "\t\t\t\tGROUP USERS
 * ...", the group's __be32 printed as %08X). 0 if the group is not there. */
static void report_group_users(const char *ifname, const char *group)
{
	struct in_addr wanted = make_sockaddr_in(group, 0).sin_addr;
	unsigned users = 0;
	int rc = -1, in_interface = 0;
	char line[256];
	FILE *f = fopen("/proc/net/igmp", "re");
	if (f) {
		rc = 0;
		while (fgets(line, sizeof line, f)) {
			char name[IF_NAMESIZE + 2];
			unsigned address, count;
			if (line[0] >= '0' && line[0] <= '9') {
				if (sscanf(line, "%*d %17s", name) != 1)
					continue;
				name[strcspn(name, ":")] = '\0';
				in_interface = strcmp(name, ifname) == 0;
			} else if (in_interface && sscanf(line, " %x %u", &address, &count) == 2 &&
				   address == (unsigned)wanted.s_addr) {
				users = count;
			}
		}
		fclose(f);
	}
	report_value(rc, (int)users, "read /proc/net/igmp: users of %s on %s", group, ifname);
}

/* Plumbing: wait (at most 500 ms: a datagram that comes at all is queued
 * within microseconds, over a veth in this namespace) until every socket of fds has a datagram
 * queued, or the time is up; the recvfrom() calls that follow report what
 * came. */
static void await_datagrams(int count, const int *fds)
{
	struct pollfd waiting[4];
	if (count > 4)
		count = 4;
	for (int i = 0; i < count; i++)
		waiting[i] = (struct pollfd){.fd = fds[i], .events = POLLIN};
	struct timespec start, now;
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (int ready = 0; ready < count;) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		long left = 500 - ((now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000);
		if (left <= 0 || poll(waiting, (nfds_t)count, (int)left) < 0)
			return;
		for (int i = 0; i < count; i++)
			if (waiting[i].fd >= 0 && (waiting[i].revents & POLLIN)) {
				waiting[i].fd = -1; /* ready: poll() ignores it from now on */
				ready++;
			}
	}
}

/* recvfrom() on one member, reporting whom the datagram came from. */
static void receive(int fd, const char *name)
{
	char buf[64];
	struct sockaddr_storage from;
	socklen_t from_len = sizeof from;
	ssize_t n = recvfrom(fd, buf, sizeof buf, 0, (struct sockaddr *)&from, &from_len);
	report_address((int)n, "from", &from, "recvfrom(%s)", name);
}

/* member6 sends payload to the group's mapped address; if it went out,
 * both members look for it. */
static void send_from_member6(int member6, int member4, const char *payload,
			      const struct sockaddr_in6 *group)
{
	if (report_call((int)sendto(member6, payload, strlen(payload), 0, (const struct sockaddr *)group,
				    sizeof *group),
			"sendto(member6, \"%s\", %s)", payload, sockaddr_text(group)) > 0) {
		await_datagrams(2, (int[]){member4, member6});
		receive(member4, "member4");
		receive(member6, "member6");
	}
}

int main(void)
{
	int one = 1, zero = 0, value = -1;
	socklen_t len = sizeof value;

	/* Set-up: an Ethernet-like interface for the group (see "Why a veth"). */
	report_call(create_veth("mc0", "mc1", getpid()), "ip link add mc0 type veth peer name mc1");
	report_call(add_address("mc0", "192.0.2.1", 24), "ip address add 192.0.2.1/24 dev mc0");
	report_call(set_link_up("mc0"), "ip link set mc0 up");
	report_call(set_link_up("mc1"), "ip link set mc1 up");
	report_call(lower_capability("CAP_NET_ADMIN"), "lower_capability(CAP_NET_ADMIN)");

	/* The group and the interface, as the two families name them. */
	struct ip_mreq group4 = {.imr_multiaddr = make_sockaddr_in("239.255.0.1", 0).sin_addr,
				 .imr_interface = make_sockaddr_in("192.0.2.1", 0).sin_addr};
	struct ipv6_mreq group6 = {.ipv6mr_multiaddr = make_sockaddr_in6("::ffff:239.255.0.1", 0).sin6_addr,
				   .ipv6mr_interface = if_nametoindex("mc0")};
	struct in_addr interface4 = group4.imr_interface;
	unsigned interface6 = if_nametoindex("mc0");

	/* 1. An AF_INET6 socket on the group's port joins the IPv4 group. */
	int member6 = socket(AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	report_socket(member6, "member6", "socket(AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK, 0)");
	int rc = getsockopt(member6, IPPROTO_IPV6, IPV6_V6ONLY, &value, &len);
	report_value(rc, value, "getsockopt(member6, IPV6_V6ONLY)");
	report_call(setsockopt(member6, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one),
		    "setsockopt(member6, SO_REUSEADDR, 1)");
	struct sockaddr_in6 any6_7100 = make_sockaddr_in6("::", 7100);
	report_call(bind(member6, (struct sockaddr *)&any6_7100, sizeof any6_7100), "bind(member6, %s)",
		    sockaddr_text(&any6_7100));

	/* The IPv6 option takes IPv6 groups only. */
	report_call(setsockopt(member6, IPPROTO_IPV6, IPV6_JOIN_GROUP, &group6, sizeof group6),
		    "setsockopt(member6, IPPROTO_IPV6, IPV6_JOIN_GROUP, {::ffff:239.255.0.1, mc0})");
	report_group_users("mc0", "239.255.0.1");
	/* The IPv4 option, on the AF_INET6 socket. */
	report_call(setsockopt(member6, IPPROTO_IP, IP_ADD_MEMBERSHIP, &group4, sizeof group4),
		    "setsockopt(member6, IPPROTO_IP, IP_ADD_MEMBERSHIP, {239.255.0.1, 192.0.2.1})");
	report_group_users("mc0", "239.255.0.1");

	/* 2. A plain AF_INET member on the same port. */
	int member4 = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	report_socket(member4, "member4", "socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0)");
	report_call(setsockopt(member4, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one),
		    "setsockopt(member4, SO_REUSEADDR, 1)");
	struct sockaddr_in any4_7100 = make_sockaddr_in("0.0.0.0", 7100);
	report_call(bind(member4, (struct sockaddr *)&any4_7100, sizeof any4_7100), "bind(member4, %s)",
		    sockaddr_text(&any4_7100));
	report_call(setsockopt(member4, IPPROTO_IP, IP_ADD_MEMBERSHIP, &group4, sizeof group4),
		    "setsockopt(member4, IPPROTO_IP, IP_ADD_MEMBERSHIP, {239.255.0.1, 192.0.2.1})");
	report_group_users("mc0", "239.255.0.1");

	/* And one socket of each family on the port that joins nothing. Does
	 * it get the group's datagrams anyway? IP_MULTICAST_ALL says. */
	int nojoin4 = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	report_socket(nojoin4, "nojoin4", "socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0)");
	rc = getsockopt(nojoin4, IPPROTO_IP, IP_MULTICAST_ALL, &value, &len);
	report_value(rc, value, "getsockopt(nojoin4, IPPROTO_IP, IP_MULTICAST_ALL)");
	report_call(setsockopt(nojoin4, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one),
		    "setsockopt(nojoin4, SO_REUSEADDR, 1)");
	report_call(bind(nojoin4, (struct sockaddr *)&any4_7100, sizeof any4_7100), "bind(nojoin4, %s)",
		    sockaddr_text(&any4_7100));
	int nojoin6 = socket(AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	report_socket(nojoin6, "nojoin6", "socket(AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK, 0)");
	rc = getsockopt(nojoin6, IPPROTO_IP, IP_MULTICAST_ALL, &value, &len);
	report_value(rc, value, "getsockopt(nojoin6, IPPROTO_IP, IP_MULTICAST_ALL)");
	report_call(setsockopt(nojoin6, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one),
		    "setsockopt(nojoin6, SO_REUSEADDR, 1)");
	report_call(bind(nojoin6, (struct sockaddr *)&any6_7100, sizeof any6_7100), "bind(nojoin6, %s)",
		    sockaddr_text(&any6_7100));
	report_snapshot("on-port-7100");

	/* 3. An AF_INET sender, looping its datagrams back to this host. */
	int sender4 = socket(AF_INET, SOCK_DGRAM, 0);
	report_socket(sender4, "sender4", "socket(AF_INET, SOCK_DGRAM, 0)");
	struct sockaddr_in source4 = make_sockaddr_in("192.0.2.1", 7101);
	report_call(bind(sender4, (struct sockaddr *)&source4, sizeof source4), "bind(sender4, %s)",
		    sockaddr_text(&source4));
	report_call(setsockopt(sender4, IPPROTO_IP, IP_MULTICAST_IF, &interface4, sizeof interface4),
		    "setsockopt(sender4, IPPROTO_IP, IP_MULTICAST_IF, 192.0.2.1)");
	report_call(setsockopt(sender4, IPPROTO_IP, IP_MULTICAST_LOOP, &one, sizeof one),
		    "setsockopt(sender4, IPPROTO_IP, IP_MULTICAST_LOOP, 1)");
	struct sockaddr_in group4_7100 = make_sockaddr_in("239.255.0.1", 7100);
	if (report_call((int)sendto(sender4, "hello", 5, 0, (struct sockaddr *)&group4_7100, sizeof group4_7100),
			"sendto(sender4, \"hello\", %s)", sockaddr_text(&group4_7100)) > 0) {
		await_datagrams(4, (int[]){member4, member6, nojoin4, nojoin6});
		receive(member4, "member4");
		receive(member6, "member6");
		receive(nojoin4, "nojoin4");
		receive(nojoin6, "nojoin6");
	}
	report_call(close(nojoin4), "close(nojoin4)");
	report_call(close(nojoin6), "close(nojoin6)");

	/* 4. member6 sends to the group by its mapped address. Which options
	 * steer an IPv4 datagram from an AF_INET6 socket? Each payload names the
	 * option just set. */
	struct sockaddr_in6 mapped_7100 = make_sockaddr_in6("::ffff:239.255.0.1", 7100);
	report_call(setsockopt(member6, IPPROTO_IPV6, IPV6_MULTICAST_IF, &interface6, sizeof interface6),
		    "setsockopt(member6, IPPROTO_IPV6, IPV6_MULTICAST_IF, mc0)");
	report_call((int)sendto(member6, "IPV6_MULTICAST_IF", strlen("IPV6_MULTICAST_IF"), 0,
				(struct sockaddr *)&mapped_7100, sizeof mapped_7100),
		    "sendto(member6, \"IPV6_MULTICAST_IF\", %s)", sockaddr_text(&mapped_7100));

	report_call(setsockopt(member6, IPPROTO_IP, IP_MULTICAST_IF, &interface4, sizeof interface4),
		    "setsockopt(member6, IPPROTO_IP, IP_MULTICAST_IF, 192.0.2.1)");
	send_from_member6(member6, member4, "IP_MULTICAST_IF", &mapped_7100);

	report_call(setsockopt(member6, IPPROTO_IP, IP_MULTICAST_LOOP, &zero, sizeof zero),
		    "setsockopt(member6, IPPROTO_IP, IP_MULTICAST_LOOP, 0)");
	send_from_member6(member6, member4, "IP_MULTICAST_LOOP 0", &mapped_7100);

	report_call(setsockopt(member6, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, &zero, sizeof zero),
		    "setsockopt(member6, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, 0)");
	send_from_member6(member6, member4, "IPV6_MULTICAST_LOOP 0", &mapped_7100);

	report_snapshot("end");
	close(sender4);
	close(member4);
	close(member6);
	return 0;
}
