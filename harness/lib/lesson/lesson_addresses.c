/* lesson_addresses: the addresses a lesson makes and prints (lesson.h). */
#include "lesson.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "sock_row.h"

struct sockaddr_in6 make_sockaddr_in6(const char *address, uint16_t port)
{
	int saved = errno;
	struct sockaddr_in6 sa = {.sin6_family = AF_INET6, .sin6_port = htons(port)};
	if (inet_pton(AF_INET6, address, &sa.sin6_addr) != 1)
		report_fail("make_sockaddr_in6: \"%s\" is not an IPv6 address", address);
	errno = saved;
	return sa;
}

struct sockaddr_in make_sockaddr_in(const char *address, uint16_t port)
{
	int saved = errno;
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(port)};
	if (inet_pton(AF_INET, address, &sa.sin_addr) != 1)
		report_fail("make_sockaddr_in: \"%s\" is not an IPv4 address", address);
	errno = saved;
	return sa;
}

const char *sockaddr_text(const void *sockaddr)
{
	static char buffers[4][SOCK_ENDPOINT_TEXT_MAX];
	static unsigned next;
	int saved = errno;
	char *buf = buffers[next++ % 4];
	const struct sockaddr *sa = sockaddr;
	struct sock_endpoint ep = {.family = sa->sa_family};
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = sockaddr;
		memcpy(ep.addr, &sin6->sin6_addr, 16);
		ep.port = ntohs(sin6->sin6_port);
	} else if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *sin = sockaddr;
		memcpy(ep.addr, &sin->sin_addr, 4);
		ep.port = ntohs(sin->sin_port);
	} else {
		snprintf(buf, SOCK_ENDPOINT_TEXT_MAX, "(family %d)", sa->sa_family);
		errno = saved;
		return buf;
	}
	sock_endpoint_text(&ep, 0, buf);
	errno = saved;
	return buf;
}
