/* Lesson: a port below net.ipv4.ip_unprivileged_port_start needs
 * CAP_NET_BIND_SERVICE, for AF_INET6 sockets as for AF_INET ones.
 *
 * dslab-capabilities: cap_net_bind_service
 * dslab-axis: unpriv_start net.ipv4.ip_unprivileged_port_start 1024 80
 *
 * The runner keeps only the capabilities a scenario declares (here
 * cap_net_bind_service, in the permitted and effective sets) and drops every
 * other one, from the bounding set too. The first note of the transcript is
 * the evidence: it lists the process's effective and permitted sets.
 *
 * What you will see: with the capability effective, bind() to port 80 works
 * for 127.0.0.1 and for [::1]. Then the scenario lowers the capability from
 * its effective set (it stays permitted; the note shows both) and binds new
 * sockets again:
 *
 *   port   unpriv_start=1024   unpriv_start=80
 *   79     EACCES              EACCES
 *   80     EACCES              0
 *
 * the same for AF_INET and AF_INET6, under bindv6only=0 and =1 alike.
 *
 * Why: RFC 3493 §3.3 defines sin6_port to be "used in the same way as the
 * sin_port field of the sockaddr_in structure", so a port is the same port
 * in both families, and Linux guards it the same way in both bind paths:
 * net/ipv4/af_inet.c, __inet_bind, and net/ipv6/af_inet6.c, __inet6_bind,
 * return EACCES when
 *   snum && inet_port_requires_bind_service(net, snum) &&
 *   !ns_capable(net->user_ns, CAP_NET_BIND_SERVICE).
 * inet_port_requires_bind_service (include/net/ip.h) is
 * port < net->ipv4.sysctl_ip_prot_sock, the per-namespace sysctl
 * net.ipv4.ip_unprivileged_port_start. It starts at PROT_SOCK, 1024 (the BSD
 * IPPORT_RESERVED), in inet_init_net (net/ipv4/af_inet.c), and is written
 * through ipv4_privileged_ports (net/ipv4/sysctl_net_ipv4.c), which refuses
 * a value above the first port of ip_local_port_range. The sysctl lives
 * under net.ipv4, but __inet6_bind reads it too: lowering it to 80 opens
 * port 80 to AF_INET6 sockets as well, while port 79 stays privileged.
 * In __inet6_bind the check comes before the address is looked at; port 0
 * (let the kernel choose) never needs the capability.
 * The [::1] listeners show v6only 1 under both variants: __inet6_bind sets
 * sk_ipv6only for any address other than [::] and a mapped one.
 */
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "capability.h"
#include "lesson.h"

int main(void)
{
	/* The runner kept exactly what the header declares. */
	report_capabilities();

	/* 1. With CAP_NET_BIND_SERVICE effective: port 80 in both families. */
	int web4 = socket(AF_INET, SOCK_STREAM, 0);
	report_socket(web4, "web4", "socket(AF_INET, SOCK_STREAM, 0)");
	struct sockaddr_in loopback4_80 = make_sockaddr_in("127.0.0.1", 80);
	report_call(bind(web4, (struct sockaddr *)&loopback4_80, sizeof loopback4_80),
		    "bind(web4, %s)", sockaddr_text(&loopback4_80));
	report_call(listen(web4, 1), "listen(web4, 1)");

	int web6 = socket(AF_INET6, SOCK_STREAM, 0);
	report_socket(web6, "web6", "socket(AF_INET6, SOCK_STREAM, 0)");
	struct sockaddr_in6 loopback6_80 = make_sockaddr_in6("::1", 80);
	report_call(bind(web6, (struct sockaddr *)&loopback6_80, sizeof loopback6_80),
		    "bind(web6, %s)", sockaddr_text(&loopback6_80));
	report_call(listen(web6, 1), "listen(web6, 1)");

	report_snapshot("with-capability");

	/* A listener with no connections frees its port at once. */
	report_call(close(web4), "close(web4)");
	report_call(close(web6), "close(web6)");

	/* 2. Lower the capability: it leaves the effective set, stays permitted. */
	report_call(lower_capability("CAP_NET_BIND_SERVICE"),
		    "lower_capability(CAP_NET_BIND_SERVICE)");
	report_capabilities();

	/* Port 79 is below both values of the sysctl; port 80 is below 1024
	 * but not below 80. A failed bind leaves the socket unbound, so the
	 * same socket tries 79, then 80. */
	int plain4 = socket(AF_INET, SOCK_STREAM, 0);
	report_socket(plain4, "plain4", "socket(AF_INET, SOCK_STREAM, 0)");
	struct sockaddr_in loopback4_79 = make_sockaddr_in("127.0.0.1", 79);
	report_call(bind(plain4, (struct sockaddr *)&loopback4_79, sizeof loopback4_79),
		    "bind(plain4, %s)", sockaddr_text(&loopback4_79));
	if (report_call(bind(plain4, (struct sockaddr *)&loopback4_80, sizeof loopback4_80),
			"bind(plain4, %s)", sockaddr_text(&loopback4_80)) == 0)
		report_call(listen(plain4, 1), "listen(plain4, 1)");

	int plain6 = socket(AF_INET6, SOCK_STREAM, 0);
	report_socket(plain6, "plain6", "socket(AF_INET6, SOCK_STREAM, 0)");
	struct sockaddr_in6 loopback6_79 = make_sockaddr_in6("::1", 79);
	report_call(bind(plain6, (struct sockaddr *)&loopback6_79, sizeof loopback6_79),
		    "bind(plain6, %s)", sockaddr_text(&loopback6_79));
	if (report_call(bind(plain6, (struct sockaddr *)&loopback6_80, sizeof loopback6_80),
			"bind(plain6, %s)", sockaddr_text(&loopback6_80)) == 0)
		report_call(listen(plain6, 1), "listen(plain6, 1)");

	report_snapshot("without-capability");

	close(plain4);
	close(plain6);
	return 0;
}
