/* Lesson: what the resolver functions do with IPv4 and IPv4-mapped addresses.
 *
 * dslab-capabilities: cap_net_admin
 * dslab-hermetic-etc: yes
 *
 * What you will see (libc behaviour; the golden's first line names the libc):
 * - getaddrinfo(NULL, "5555", AI_PASSIVE) for AF_UNSPEC gives both
 *   wildcards, 0.0.0.0 first: a server that binds every result in order
 *   gets 0.0.0.0, and then [::] fails with EADDRINUSE unless it is v6-only.
 *   The order is a sort, not a rule: glibc orders results by RFC 6724
 *   destination selection (sysdeps/posix/getaddrinfo.c, rfc3484_sort, which
 *   probes each address with a UDP connect); with lo down it is [::] first.
 * - Asked for AF_INET6, the IPv4 literal "127.0.0.1" is refused
 *   (EAI_ADDRFAMILY) unless AI_V4MAPPED asks for [::ffff:127.0.0.1]
 *   (RFC 3493 §6.1).
 * - "localhost" for AF_INET6 with AI_V4MAPPED|AI_ALL lists ::1 and then
 *   [::ffff:127.0.0.1] twice: for an IPv4 lookup glibc's hosts-file parser
 *   turns the "::1 localhost" line into 127.0.0.1 too
 *   (nss/nss_files/files-hosts.c, LINE_PARSER: IN6_IS_ADDR_LOOPBACK ->
 *   INADDR_LOOPBACK), and AI_ALL adds every IPv4 answer, mapped.
 * - The mapped literal "::ffff:127.0.0.1" asked as AF_INET is not refused:
 *   glibc turns it into 127.0.0.1 (sysdeps/posix/getaddrinfo.c: "else if
 *   (req->ai_family == AF_INET && IN6_IS_ADDR_V4MAPPED (at->addr))").
 * - AI_ADDRCONFIG keeps a family only when the namespace has an address of
 *   it other than 127.0.0.1 and ::1 (RFC 3493 §6.1; glibc
 *   sysdeps/unix/sysv/linux/check_pf.c). With neither, glibc does not
 *   filter at all; with 192.0.2.1 alone it asks for IPv4 only (and the ::1
 *   line answers as 127.0.0.1 again); with 2001:db8::1 too, both.
 * - getnameinfo on [::ffff:127.0.0.1]: NI_NUMERICHOST prints the mapped
 *   form. NI_NAMEREQD wants a name, and which one depends on the libc's
 *   version. POSIX (getnameinfo, since Issue 6) says that for an
 *   IPv4-mapped address the implementation "shall extract the embedded
 *   IPv4 address and lookup the node name for that IPv4 address": here
 *   "localhost", from the hosts file's 127.0.0.1 line. glibc 2.36, the
 *   reference's, answers EAI_NONAME instead: from 2.30 to 2.37 its files
 *   backend compared the mapped address as it is, and only a
 *   "::ffff:127.0.0.1" line would have matched (commit 9c02d0784dfa,
 *   "nss_files: Remove RES_USE_INET6 from hosts processing", 2.30, removed
 *   the mapping; sourceware bug 25457). glibc 2.38 restored it
 *   (c437631485a8, "Restore lookup of IPv4 mapped addresses in files
 *   database", nss/nss_files/files-hosts.c, LINE_PARSER maps a 127.0.0.1
 *   line for a 16-byte lookup): 2.41 and later answer "localhost", as
 *   POSIX asks and as musl does (the @glibc-2.41 and @musl goldens). The
 *   main golden keeps the reference's answer: a bug of glibc 2.30-2.37.
 * - inet_ntop prints mapped and (deprecated) compatible addresses in the
 *   mixed notation of RFC 4291 §2.2 (§2.5.5): ::ffff:127.0.0.1, ::127.0.0.1.
 * - IN6_IS_ADDR_V4MAPPED and IN6_IS_ADDR_V4COMPAT tell them apart
 *   (RFC 3493 §6.4).
 *
 * Why it is the same everywhere: each case has the harness's own
 * /etc/hosts ("127.0.0.1 localhost", "::1 localhost ip6-localhost
 * ip6-loopback"), nsswitch.conf ("hosts: files"), host.conf ("multi on")
 * and an empty gai.conf, in a mount namespace of its own; never the
 * host's. The kernel only answers AI_ADDRCONFIG's question about
 * addresses, and bindv6only plays no part: both variants are the same.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>

#include "netconf.h"
#include "lesson.h"

/* Ask getaddrinfo and report the addresses it gives, in order. */
static void ask(const char *host, int family, int flags, const char *how)
{
	struct addrinfo hints = {.ai_family = family, .ai_socktype = SOCK_STREAM, .ai_flags = flags};
	struct addrinfo *list = NULL;
	int rc = getaddrinfo(host, "5555", &hints, &list);
	char host_text[64];
	if (host)
		snprintf(host_text, sizeof host_text, "\"%s\"", host);
	else
		snprintf(host_text, sizeof host_text, "NULL");
	report_addrinfo(rc, list, "getaddrinfo(%s, \"5555\", %s)", host_text, how);
	if (rc == 0)
		freeaddrinfo(list);
}

int main(void)
{
#ifdef __GLIBC__
	report_note("libc: glibc");
#else
	report_note("libc: not glibc (musl?)");
#endif

	/* Which wildcard comes first for a passive AF_UNSPEC lookup. */
	ask(NULL, AF_UNSPEC, AI_PASSIVE, "AF_UNSPEC, AI_PASSIVE");
	ask(NULL, AF_INET6, AI_PASSIVE, "AF_INET6, AI_PASSIVE");

	/* IPv4 literals and names asked as IPv6. */
	ask("127.0.0.1", AF_INET6, 0, "AF_INET6");
	ask("127.0.0.1", AF_INET6, AI_V4MAPPED, "AF_INET6, AI_V4MAPPED");
	ask("localhost", AF_INET6, 0, "AF_INET6");
	ask("localhost", AF_INET6, AI_V4MAPPED | AI_ALL, "AF_INET6, AI_V4MAPPED|AI_ALL");
	ask("localhost", AF_UNSPEC, 0, "AF_UNSPEC");

	/* A mapped literal asked as IPv4, and as IPv6. */
	ask("::ffff:127.0.0.1", AF_INET, 0, "AF_INET");
	ask("::ffff:127.0.0.1", AF_INET6, 0, "AF_INET6");

	/* AI_ADDRCONFIG follows the namespace's non-loopback addresses. */
	ask("localhost", AF_UNSPEC, AI_ADDRCONFIG, "AF_UNSPEC, AI_ADDRCONFIG");
	report_call(add_address("lo", "192.0.2.1", 32), "ip address add 192.0.2.1/32 dev lo");
	ask("localhost", AF_UNSPEC, AI_ADDRCONFIG, "AF_UNSPEC, AI_ADDRCONFIG");
	report_call(add_address("lo", "2001:db8::1", 128), "ip address add 2001:db8::1/128 dev lo");
	ask("localhost", AF_UNSPEC, AI_ADDRCONFIG, "AF_UNSPEC, AI_ADDRCONFIG");

	/* From address to text. */
	struct sockaddr_in6 mapped = make_sockaddr_in6("::ffff:127.0.0.1", 5555);
	char host[NI_MAXHOST] = "", serv[NI_MAXSERV] = "";
	int rc = getnameinfo((struct sockaddr *)&mapped, sizeof mapped, host, sizeof host, serv,
			     sizeof serv, NI_NUMERICHOST | NI_NUMERICSERV);
	report_text(rc, 1, host, "getnameinfo([::ffff:127.0.0.1]:5555, NI_NUMERICHOST)");
	rc = getnameinfo((struct sockaddr *)&mapped, sizeof mapped, host, sizeof host, serv,
			 sizeof serv, NI_NAMEREQD | NI_NUMERICSERV);
	report_text(rc, 1, host, "getnameinfo([::ffff:127.0.0.1]:5555, NI_NAMEREQD)");

	char text[INET6_ADDRSTRLEN];
	struct in6_addr compat;
	inet_pton(AF_INET6, "::127.0.0.1", &compat);
	const char *p = inet_ntop(AF_INET6, &mapped.sin6_addr, text, sizeof text);
	report_text(p ? 0 : -1, 0, p, "inet_ntop(AF_INET6, ::ffff:7f00:1)");
	p = inet_ntop(AF_INET6, &compat, text, sizeof text);
	report_text(p ? 0 : -1, 0, p, "inet_ntop(AF_INET6, ::7f00:1)");

	/* The macros of RFC 3493 §6.4. */
	report_value(0, IN6_IS_ADDR_V4MAPPED(&mapped.sin6_addr), "IN6_IS_ADDR_V4MAPPED(::ffff:127.0.0.1)");
	report_value(0, IN6_IS_ADDR_V4COMPAT(&mapped.sin6_addr), "IN6_IS_ADDR_V4COMPAT(::ffff:127.0.0.1)");
	report_value(0, IN6_IS_ADDR_V4MAPPED(&compat), "IN6_IS_ADDR_V4MAPPED(::127.0.0.1)");
	report_value(0, IN6_IS_ADDR_V4COMPAT(&compat), "IN6_IS_ADDR_V4COMPAT(::127.0.0.1)");
	return 0;
}
