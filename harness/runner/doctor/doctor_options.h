/* doctor_options: the command line of dslab doctor, parsed without global
 * state (unit-testable), and its help text. Everything the user typed is
 * checked here, before dslab doctor opens a namespace or a socket: bad
 * input never gets as far as a bind. */
#ifndef DSLAB_DOCTOR_OPTIONS_H
#define DSLAB_DOCTOR_OPTIONS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define DOCTOR_MAX_PORTS 64

/* The bind to predict (--bind ADDR:PORT and its companions). */
struct bind_request {
	int tcp;              /* 1: --tcp (default), 0: --udp */
	int family;           /* AF_INET or AF_INET6 */
	uint8_t addr[16];     /* network byte order; IPv4 in the first 4 */
	uint16_t port;        /* 1-65535 */
	int v6only;           /* -1: left alone (the namespace's bindv6only), 0, 1 */
	int reuseaddr, reuseport, listen;
	char text[64];        /* as typed, e.g. "[::]:80" */
};

struct doctor_options {
	uint16_t ports[DOCTOR_MAX_PORTS]; /* PORT...: only sockets on these */
	size_t port_count;
	int predict;          /* --bind given */
	struct bind_request bind;
	int try_bind;         /* --try */
	const char *netns;    /* --netns NAME: /run/netns/NAME */
	pid_t pid;            /* --pid PID: /proc/PID/ns/net; 0: none */
	int json;             /* --format json */
	int help;             /* --help */
};

/* argv: the words after "doctor". Returns 0, or -1 with a one-line message
 * in error (exit 2). */
int doctor_parse(int argc, char **argv, struct doctor_options *o, char *error, size_t error_size);

/* "ADDR:PORT": 192.0.2.1:80 or [2001:db8::1]:80. Returns 0, or -1 with the
 * reason in error. */
int doctor_parse_endpoint(const char *text, struct bind_request *r, char *error, size_t error_size);

extern const char doctor_help[];

#endif
