#include "program_probe.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lesson.h"
#include "program_lines.h"

int report_program_wait(const struct program *program, int result, const char *condition)
{
	return report_call(result, PROGRAM_WAIT_FORMAT, program->name, condition);
}

void report_program_logged(const struct program *program, const char *line)
{
	report_note(PROGRAM_LOGGED_FORMAT, program->name, line);
}

/* "[::ffff:127.0.0.1]:41234" -> "::ffff:127.0.0.1"; "127.0.0.1:80" ->
 * "127.0.0.1"; "::1" (no port) stays. */
static const char *address_only(const char *word)
{
	static char text[256];
	if (word[0] == '[') {
		snprintf(text, sizeof text, "%s", word + 1);
		char *end = strchr(text, ']');
		if (end)
			*end = '\0';
		return text;
	}
	snprintf(text, sizeof text, "%s", word);
	char *colon = strchr(text, ':');
	if (colon && !strchr(colon + 1, ':')) /* one colon: IPv4 with a port */
		*colon = '\0';
	return text;
}

/* socket() and connect() of a new client, reported; -1 if connect failed. */
static int connected_client(int family, int type, const char *name, const char *address, uint16_t port)
{
	const char *call = family == AF_INET ? (type == SOCK_STREAM ? "socket(AF_INET, SOCK_STREAM, 0)"
								    : "socket(AF_INET, SOCK_DGRAM, 0)")
					     : (type == SOCK_STREAM ? "socket(AF_INET6, SOCK_STREAM, 0)"
								    : "socket(AF_INET6, SOCK_DGRAM, 0)");
	int client = report_socket(socket(family, type, 0), name, call);
	int rc;
	if (family == AF_INET) {
		struct sockaddr_in server = make_sockaddr_in(address, port);
		rc = connect(client, (struct sockaddr *)&server, sizeof server);
		report_call(rc, PROBE_CONNECT_FORMAT, name, sockaddr_text(&server));
	} else {
		struct sockaddr_in6 server = make_sockaddr_in6(address, port);
		rc = connect(client, (struct sockaddr *)&server, sizeof server);
		report_call(rc, PROBE_CONNECT_FORMAT, name, sockaddr_text(&server));
	}
	if (rc != 0) {
		close(client);
		return -1;
	}
	return client;
}

int probe_udp(struct program *program, int family, const char *name, const char *address, uint16_t port,
	      struct peer_line seen)
{
	int client = connected_client(family, SOCK_DGRAM, name, address, port);
	if (client < 0)
		return -1;
	report_call((int)send(client, "dslab\n", 6, 0), "send(%s, \"dslab\\n\")", name);
	for (int waited = 0;; waited += 10) {
		/* Whichever comes first: the program's line, or the ICMP error. */
		const char *line = program_wait_line(program, seen.marker, 10);
		if (line) {
			report_note(PROGRAM_SAW_FORMAT, program->name, name,
				    address_only(program_word(line, seen.word)));
			close(client);
			return 0;
		}
		char reply[64];
		if (recv(client, reply, sizeof reply, MSG_DONTWAIT) < 0 && errno == ECONNREFUSED) {
			report_call(-1, PROBE_RECV_FORMAT, name);
			close(client);
			return -1;
		}
		if (waited >= 5000)
			report_fail("%s logged nothing for %s, and no ICMP error came, within 5 s (%s)",
				    program->name, name, program_exit_text(program));
	}
}

int probe_tcp(struct program *program, int family, const char *name, const char *address, uint16_t port,
	      const char *request, struct peer_line seen)
{
	int client = connected_client(family, SOCK_STREAM, name, address, port);
	if (client < 0)
		return -1;
	if (request && send(client, request, strlen(request), MSG_NOSIGNAL) < 0)
		report_fail("send(%s): the program closed the connection at once", name);
	const char *line = program_wait_line(program, seen.marker, 5000);
	if (!line)
		report_fail("%s logged no line with \"%s\" for %s within 5 s (%s)", program->name, seen.marker,
			    name, program_exit_text(program));
	report_note(PROGRAM_SAW_FORMAT, program->name, name, address_only(program_word(line, seen.word)));
	close(client);
	return 0;
}
