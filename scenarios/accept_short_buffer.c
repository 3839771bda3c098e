/* Lesson: accept() on an AF_INET6 socket needs room for a sockaddr_in6;
 * that is why servers pass a struct sockaddr_storage.
 *
 * What you will see: a dual-stack listener on [::]:5701 (IPV6_V6ONLY set to
 * 0, so both variants read the same) accepts two IPv4 clients, from
 * 127.0.0.1:5702 and 127.0.0.1:5703. The first accept() gets a
 * struct sockaddr_in, 16 bytes, as an IPv4-only server would pass. The
 * length comes back as 28, sizeof(struct sockaddr_in6): the address did not
 * fit. The 16 bytes hold sin6_family 10 (AF_INET6), sin6_port 5702,
 * sin6_flowinfo 0 and the first 8 bytes of sin6_addr, all zero; the rest of
 * sin6_addr (0000:ffff:7f00:0001, the part that says 127.0.0.1) and
 * sin6_scope_id were cut, and the bytes after the buffer are untouched.
 * Read as a sockaddr_in, the buffer says sin_family 10 and sin_addr
 * 0.0.0.0 (that is sin6_flowinfo). The second accept() gets a struct sockaddr_storage:
 * length 28, family AF_INET6, the whole peer [::ffff:127.0.0.1]:5703.
 *
 * Why: the peer of an AF_INET6 socket is a sockaddr_in6 even when it is an
 * IPv4 peer (RFC 3493 §3.7). accept() asks the new socket for its peer
 * (net/socket.c, do_accept: ops->getname(newsock, &address, 2)), and
 * inet6_getname (net/ipv6/af_inet6.c) returns sizeof(*sin), 28.
 * move_addr_to_user (net/socket.c) copies min(buffer length, 28) bytes and
 * then writes 28 into the length: "fromlen shall refer to the value before
 * truncation". A program learns of the truncation only by comparing the
 * length with its buffer. struct sockaddr_storage (RFC 3493 §3.10) is
 * made large enough, and aligned, for every protocol's address structure,
 * so a server that accepts into one gets every family whole and can look
 * at ss_family first.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "lesson.h"

int main(void)
{
	int off = 0;

	/* A dual-stack listener. */
	int server = socket(AF_INET6, SOCK_STREAM, 0);
	report_socket(server, "server", "socket(AF_INET6, SOCK_STREAM, 0)");
	report_call(setsockopt(server, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off),
		    "setsockopt(server, IPV6_V6ONLY, 0)");
	struct sockaddr_in6 any6 = make_sockaddr_in6("::", 5701);
	report_call(bind(server, (struct sockaddr *)&any6, sizeof any6),
		    "bind(server, %s)", sockaddr_text(&any6));
	report_call(listen(server, 1), "listen(server, 1)");

	/* IPv4 clients from fixed ports, so the port in the buffer is known;
	 * each is accepted before the next connects. */
	struct sockaddr_in loopback4_5701 = make_sockaddr_in("127.0.0.1", 5701);
	int client1 = socket(AF_INET, SOCK_STREAM, 0);
	report_socket(client1, "client1", "socket(AF_INET, SOCK_STREAM, 0)");
	struct sockaddr_in loopback4_5702 = make_sockaddr_in("127.0.0.1", 5702);
	report_call(bind(client1, (struct sockaddr *)&loopback4_5702, sizeof loopback4_5702),
		    "bind(client1, %s)", sockaddr_text(&loopback4_5702));
	report_call(connect(client1, (struct sockaddr *)&loopback4_5701, sizeof loopback4_5701),
		    "connect(client1, %s)", sockaddr_text(&loopback4_5701));

	/* 1. accept() into a struct sockaddr_in. The guard bytes after it show
	 * what the kernel wrote beyond the 16 bytes it was given: nothing. */
	struct {
		struct sockaddr_in peer;
		unsigned char guard[12];
	} box;
	memset(&box, 0xaa, sizeof box);
	socklen_t peer_len = sizeof box.peer;
	int accepted1 = accept(server, (struct sockaddr *)&box.peer, &peer_len);
	report_accept(accepted1, "accepted1", "accept(server, (struct sockaddr_in *)&peer, &len = 16)");
	if (accepted1 >= 0) {
		report_note("len is now %u: sizeof(struct sockaddr_in6), not the %zu bytes copied",
			    (unsigned)peer_len, sizeof box.peer);

		/* The 16 bytes, copied over the start of a zeroed sockaddr_in6:
		 * its bytes 16-27 are not read from the buffer (they were cut). */
		struct sockaddr_in6 head;
		memset(&head, 0, sizeof head);
		memcpy(&head, &box.peer, sizeof box.peer);
		const unsigned char *a = head.sin6_addr.s6_addr;
		report_note("bytes 0-15: sin6_family %u, sin6_port %u, sin6_flowinfo %u, "
			    "sin6_addr bytes 0-7 %02x%02x:%02x%02x:%02x%02x:%02x%02x",
			    (unsigned)head.sin6_family, (unsigned)ntohs(head.sin6_port),
			    (unsigned)ntohl(head.sin6_flowinfo),
			    a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]);
		report_note("cut: sin6_addr bytes 8-15 and sin6_scope_id (12 bytes)");

		size_t untouched = 0;
		while (untouched < sizeof box.guard && box.guard[untouched] == 0xaa)
			untouched++;
		report_note("guard: %zu of the %zu bytes after the buffer still hold 0xaa", untouched,
			    sizeof box.guard);

		/* What an IPv4-only server would make of it. */
		char sin_addr[INET_ADDRSTRLEN] = "?";
		inet_ntop(AF_INET, &box.peer.sin_addr, sin_addr, sizeof sin_addr);
		report_note("read as a sockaddr_in: sin_family %u, sin_port %u, sin_addr %s",
			    (unsigned)box.peer.sin_family, (unsigned)ntohs(box.peer.sin_port), sin_addr);
	}

	/* 2. The second client, accepted into a struct sockaddr_storage. */
	int client2 = socket(AF_INET, SOCK_STREAM, 0);
	report_socket(client2, "client2", "socket(AF_INET, SOCK_STREAM, 0)");
	struct sockaddr_in loopback4_5703 = make_sockaddr_in("127.0.0.1", 5703);
	report_call(bind(client2, (struct sockaddr *)&loopback4_5703, sizeof loopback4_5703),
		    "bind(client2, %s)", sockaddr_text(&loopback4_5703));
	report_call(connect(client2, (struct sockaddr *)&loopback4_5701, sizeof loopback4_5701),
		    "connect(client2, %s)", sockaddr_text(&loopback4_5701));

	struct sockaddr_storage storage;
	memset(&storage, 0, sizeof storage);
	socklen_t storage_len = sizeof storage;
	int accepted2 = accept(server, (struct sockaddr *)&storage, &storage_len);
	report_accept(accepted2, "accepted2",
		      "accept(server, (struct sockaddr_storage *)&peer, &len = %zu)", sizeof storage);
	if (accepted2 >= 0) {
		report_note("len is now %u; ss_family %u (AF_INET6 is %d)", (unsigned)storage_len,
			    (unsigned)storage.ss_family, AF_INET6);
		report_note("the address in the buffer: %s", sockaddr_text(&storage));
	}

	report_snapshot("two-accepted");
	return 0;
}
