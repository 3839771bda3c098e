/* Lesson: a real JVM keeps IPv4 under bindv6only=1: it sets IPV6_V6ONLY 0 itself.
 *
 * dslab-package: default-jdk-headless
 * dslab-option: jvm default prefer_ipv4
 *
 * The subject is the real program, Debian 12's OpenJDK 17 (17.0.15+6,
 * package openjdk-17-jre-headless via default-jdk-headless), running
 * scenarios/java_servers.java in the case's namespace:
 *   new ServerSocket(7300)              a listener on every address
 *   new Socket("127.0.0.1", 7301)       an outgoing connection to an
 *                                       AF_INET server of the scenario's
 * and printing each accepted client's address as Java names it
 * (InetAddress.getHostAddress). jvm=prefer_ipv4 adds
 * -Djava.net.preferIPv4Stack=true.
 *
 * What you will see: by default every Java socket is AF_INET6 (tcp6), the
 * listener [::]:7300 with v6only 0 under both bindv6only values, so the
 * IPv4 client connects in both, and the outgoing connection is a tcp6 row
 * with mapped ends: the seed's tcp6 lines (its v6only shows "?": sock_diag
 * tells the option only for LISTEN and CLOSE sockets, and the socket is
 * Java's, so the scenario cannot ask it; the connect's success to
 * 127.0.0.1 under bindv6only=1 is the evidence). Java names the IPv4
 * client 127.0.0.1, not ::ffff:127.0.0.1, and the IPv6 one
 * 0:0:0:0:0:0:0:1 (Inet6Address.getHostAddress writes every group,
 * uncompressed). This is where the hand-made model of
 * seed_netstat_table parts from the JVM: under bindv6only=1 the model is
 * v6-only, the JVM is not. With preferIPv4Stack=true the sockets are
 * AF_INET (tcp, 0.0.0.0:7300) and the IPv6 client is refused.
 *
 * Why: OpenJDK decides family and option itself, in
 * src/java.base/unix/native/libnio/ch/Net.c, Java_sun_nio_ch_Net_socket0
 * (ServerSocket and Socket reach it through sun.nio.ch.NioSocketImpl,
 * the default since JDK 13): `int domain = (ipv6_available() &&
 * preferIPv6) ? AF_INET6 : AF_INET;` then "If IPv4 is available, disable
 * IPV6_V6ONLY to ensure dual-socket support": `if (domain == AF_INET6 &&
 * ipv4_available()) { int arg = 0; setsockopt(fd, IPPROTO_IPV6,
 * IPV6_V6ONLY, ...); }`. ipv6_available() is false when
 * java.net.preferIPv4Stack is true (src/java.base/share/native/libnet/
 * net_util.c, JNI_OnLoad: `IPv6_available = IPv6_supported() &
 * (!preferIPv4Stack);`), so every socket is then AF_INET.
 * Checked by strace on this JVM: setsockopt(IPV6_V6ONLY, [0]) before bind
 * and before connect, under bindv6only=1 too. Java turns a mapped peer
 * into an Inet4Address (net_util.c, NET_SockaddrToInetAddress:
 * IN6_IS_ADDR_V4MAPPED), so getHostAddress() is "127.0.0.1". An AF_INET6
 * socket with IPV6_V6ONLY 0 carries IPv4 as ::ffff:a.b.c.d (RFC 3493
 * §3.7); the kernel's default for the option (§5.3, bindv6only) never
 * matters to a JVM.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "program_probe.h"
#include "lesson.h"

#define PORT 7300
#define OUTGOING_PORT 7301

int main(void)
{
	const char *jvm = scenario_option("jvm", "default");
	const char *classes = program_beside_scenario("java"); /* CMake compiled java_servers.java */
	char class_file[PATH_MAX + 32];
	snprintf(class_file, sizeof class_file, "%s/JavaServers.class", classes ? classes : ".");
	if (!program_path("java"))
		report_skip("java is not installed: apt-get install " DSLAB_PACKAGE);
	if (access(class_file, R_OK) != 0)
		report_skip("no JavaServers.class beside this scenario (cmake builds it where javac is "
			    "installed: apt-get install " DSLAB_PACKAGE ", then cmake --preset default again)");

	/* The IPv4 server Java connects out to. */
	int server4 = socket(AF_INET, SOCK_STREAM, 0);
	report_socket(server4, "server4", "socket(AF_INET, SOCK_STREAM, 0)");
	struct sockaddr_in loopback4 = make_sockaddr_in("127.0.0.1", OUTGOING_PORT);
	report_call(bind(server4, (struct sockaddr *)&loopback4, sizeof loopback4), "bind(server4, %s)",
		    sockaddr_text(&loopback4));
	report_call(listen(server4, 4), "listen(server4, 4)");

	int prefer_ipv4 = strcmp(jvm, "prefer_ipv4") == 0;
	/* Start-up flags only (the C1 compiler, the serial collector, the
	 * class-data archive): they change how fast it starts, not its sockets. */
	char *argv[12] = {"java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto"};
	int argc = 4;
	if (prefer_ipv4)
		argv[argc++] = "-Djava.net.preferIPv4Stack=true";
	argv[argc++] = "-cp";
	argv[argc++] = (char *)classes;
	argv[argc++] = "JavaServers";
	argv[argc++] = "7300";
	argv[argc++] = "7301";
	argv[argc] = NULL;
	struct program java;
	if (report_call(program_start(&java, "java", argv),
			"java%s JavaServers: new ServerSocket(7300); new Socket(\"127.0.0.1\", 7301)",
			prefer_ipv4 ? " -Djava.net.preferIPv4Stack=true" : "") != 0)
		report_fail("cannot start java");

	/* Its listener appears in the socket table: poll for it; then its
	 * outgoing connection, which the scenario accepts. */
	if (report_program_wait(&java, program_wait_tcp_listening(&java, 1, 8000), "listens") != 0)
		report_fail("java did not listen: %s", program_exit_text(&java));
	if (!program_wait_line(&java, "outgoing", 8000))
		report_fail("java did not connect out: %s", program_exit_text(&java));
	report_accept(accept(server4, NULL, NULL), "from-java", "accept(server4)");
	program_name_sockets(&java);
	report_snapshot("listening");

	/* An IPv4 client, then an IPv6 one; Java prints each peer's address
	 * first on a line. */
	struct peer_line seen = {"connected", 0};
	probe_tcp(&java, AF_INET, "client4", "127.0.0.1", PORT, NULL, seen);
	probe_tcp(&java, AF_INET6, "client6", "::1", PORT, NULL, seen);

	report_call(program_stop(&java), "kill -TERM java");
	report_note("java ended: %s", program_exit_text(&java));
	return 0;
}
