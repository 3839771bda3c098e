#include "doctor_options.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char doctor_help[] =
	"usage: dslab doctor [--netns NAME | --pid PID] [--format human|json] [PORT...]\n"
	"       dslab doctor --bind ADDR:PORT [--tcp|--udp] [--v6only 0|1] [--reuseaddr]\n"
	"                    [--reuseport] [--listen] [--try] [--netns NAME | --pid PID]\n"
	"\n"
	"Explains the live socket table of a network namespace (dslab's own, or another):\n"
	"each TCP and UDP socket as the goldens show it, the process holding it, name(pid),\n"
	"found as ss -p finds it (the socket's inode in /proc/PID/fd; '-' where that is\n"
	"not ours to read), and one sentence on what it means (RFC 3493 3.7: IPv4-mapped\n"
	"addresses; 5.3: IPV6_V6ONLY); then, per listening port, which families reach it\n"
	"and by whom. PORT...: only sockets on these ports.\n"
	"\n"
	"With --bind, predicts whether that bind() (and listen()) would work now, and if\n"
	"not, which socket and process it conflicts with. The prediction is read from the\n"
	"cells of the bind-matrix goldens (expected/bind_matrix_tcp, bind_matrix_udp),\n"
	"the pairs the lessons prove; where they do not cover the situation it says\n"
	"\"unknown\" and why. Nothing is bound unless --try is given.\n"
	"\n"
	"options:\n"
	"  --bind ADDR:PORT      the bind to predict: 192.0.2.1:80, 0.0.0.0:80, [::]:80,\n"
	"                        [::ffff:192.0.2.1]:80; PORT 1-65535\n"
	"  --tcp, --udp          the protocol of that socket (default tcp)\n"
	"  --v6only 0|1          set IPV6_V6ONLY first (IPv6 addresses only; default: left\n"
	"                        alone, so the namespace's net.ipv6.bindv6only decides)\n"
	"  --reuseaddr           SO_REUSEADDR on the new socket\n"
	"  --reuseport           SO_REUSEPORT on the new socket\n"
	"  --listen              listen() after the bind (TCP)\n"
	"  --try                 then bind (and listen) for real, for an instant, in the\n"
	"                        namespace inspected, and print the real result beside\n"
	"                        the prediction\n"
	"  --netns NAME          inspect the named namespace /run/netns/NAME\n"
	"  --pid PID             inspect the network namespace of process PID (a container)\n"
	"                        through /proc/PID/ns/net; both need CAP_SYS_ADMIN\n"
	"  --format FORMAT       human (default) or json (one object per line: sockets,\n"
	"                        ports, the prediction; see README)\n"
	"Colour only when stdout is a terminal and NO_COLOR is unset or empty.\n"
	"\n"
	"exit codes: 0 explained, or the bind is predicted (and with --try, happened) to\n"
	"work; 1 the bind is predicted or found to fail, or --try disagreed with the\n"
	"prediction, or the table could not be read; 2 bad input (one line; nothing is\n"
	"bound); 4 the prediction is unknown.\n";

#define FAIL(...) do { snprintf(error, error_size, __VA_ARGS__); return -1; } while (0)

/* A whole decimal number in [low, high], digits only. */
static int parse_number(const char *text, long low, long high, long *value)
{
	if (!*text || strlen(text) > 10 || strspn(text, "0123456789") != strlen(text))
		return -1;
	long v = strtol(text, NULL, 10);
	if (v < low || v > high)
		return -1;
	*value = v;
	return 0;
}

int doctor_parse_endpoint(const char *text, struct bind_request *r, char *error, size_t error_size)
{
	char host[64];
	const char *colon = strrchr(text, ':');
	if (strlen(text) >= sizeof r->text)
		FAIL("--bind: '%.40s...' is too long for ADDR:PORT", text);
	if (!colon || colon == text)
		FAIL("--bind needs ADDR:PORT, e.g. 0.0.0.0:80 or [::]:80, not '%s'", text);
	size_t host_len = (size_t)(colon - text);
	if (text[0] == '[') {
		if (text[host_len - 1] != ']')
			FAIL("--bind: an IPv6 address goes in brackets with the port after them, [::1]:80, not '%s'", text);
		memcpy(host, text + 1, host_len - 2);
		host[host_len - 2] = '\0';
		if (strchr(host, '%'))
			FAIL("--bind: '%s': a scope (%%DEVICE) is not supported", text);
		if (inet_pton(AF_INET6, host, r->addr) != 1)
			FAIL("--bind: '%s' is not an IPv6 address", host);
		r->family = AF_INET6;
	} else {
		memcpy(host, text, host_len);
		host[host_len] = '\0';
		if (strchr(host, ':'))
			FAIL("--bind: write an IPv6 address in brackets, [%s]:PORT", host);
		memset(r->addr, 0, sizeof r->addr);
		if (inet_pton(AF_INET, host, r->addr) != 1)
			FAIL("--bind: '%s' is not an IPv4 address (a.b.c.d)", host);
		r->family = AF_INET;
	}
	long port;
	if (parse_number(colon + 1, 1, 65535, &port) != 0)
		FAIL("--bind: the port must be a number from 1 to 65535, not '%s'", colon + 1);
	r->port = (uint16_t)port;
	snprintf(r->text, sizeof r->text, "%s", text);
	return 0;
}

/* One option at argv[*i]. Returns 0, or -1 with the message in error. */
static int parse_option(int argc, char **argv, int *i, struct doctor_options *o, int *protocols,
			const char **bind_text, char *error, size_t error_size)
{
	const char *arg = argv[*i], *v;
	long number;
	if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0)
		o->help = 1;
	else if (strcmp(arg, "--tcp") == 0)
		*protocols |= 1, o->bind.tcp = 1;
	else if (strcmp(arg, "--udp") == 0)
		*protocols |= 2, o->bind.tcp = 0;
	else if (strcmp(arg, "--reuseaddr") == 0)
		o->bind.reuseaddr = 1;
	else if (strcmp(arg, "--reuseport") == 0)
		o->bind.reuseport = 1;
	else if (strcmp(arg, "--listen") == 0)
		o->bind.listen = 1;
	else if (strcmp(arg, "--try") == 0)
		o->try_bind = 1;
	else if (cli_is_option(arg, "--bind")) {
		if (!(v = cli_option_value(argc, argv, i, "--bind")) || !*v)
			FAIL("--bind needs ADDR:PORT, e.g. 0.0.0.0:80 or [::]:80");
		*bind_text = v;
	} else if (cli_is_option(arg, "--v6only")) {
		v = cli_option_value(argc, argv, i, "--v6only");
		if (!v || (strcmp(v, "0") != 0 && strcmp(v, "1") != 0))
			FAIL("--v6only must be 0 or 1, not '%s'", v ? v : "");
		o->bind.v6only = v[0] - '0';
	} else if (cli_is_option(arg, "--netns")) {
		if (!(o->netns = cli_option_value(argc, argv, i, "--netns")) || !*o->netns ||
		    strchr(o->netns, '/') || strcmp(o->netns, ".") == 0 || strcmp(o->netns, "..") == 0)
			FAIL("--netns needs the NAME of a namespace in /run/netns (no '/')");
	} else if (cli_is_option(arg, "--pid")) {
		v = cli_option_value(argc, argv, i, "--pid");
		if (!v || parse_number(v, 1, 4194304, &number) != 0)
			FAIL("--pid needs a process id (1 to 4194304), not '%s'", v ? v : "");
		o->pid = (pid_t)number;
	} else if (cli_is_option(arg, "--format")) {
		v = cli_option_value(argc, argv, i, "--format");
		if (!v || (strcmp(v, "human") != 0 && strcmp(v, "json") != 0))
			FAIL("--format must be human or json, not '%s'", v ? v : "");
		o->json = strcmp(v, "json") == 0;
	} else
		FAIL("unknown option '%s' for 'doctor' (see dslab doctor --help)", arg);
	return 0;
}

/* What only makes sense together. */
static int check_combination(const struct doctor_options *o, int protocols, int v6only_given,
			     char *error, size_t error_size)
{
	if (protocols == 3)
		FAIL("--tcp and --udp: give one (the protocol of the socket to bind)");
	if (o->netns && o->pid)
		FAIL("--netns and --pid: give one namespace");
	if (!o->predict) {
		if (protocols || v6only_given || o->bind.reuseaddr || o->bind.reuseport ||
		    o->bind.listen || o->try_bind)
			FAIL("--tcp, --udp, --v6only, --reuse*, --listen and --try go with --bind ADDR:PORT");
		return 0;
	}
	if (o->port_count)
		FAIL("--bind takes no PORT arguments");
	if (v6only_given && o->bind.family == AF_INET)
		FAIL("--v6only is an IPv6 option: %s is an IPv4 address", o->bind.text);
	if (o->bind.listen && !o->bind.tcp)
		FAIL("--listen is for TCP: a UDP socket does not listen");
	return 0;
}

int doctor_parse(int argc, char **argv, struct doctor_options *o, char *error, size_t error_size)
{
	memset(o, 0, sizeof *o);
	o->bind.tcp = 1;
	o->bind.v6only = -1;
	int protocols = 0, only_ports = 0;
	const char *bind_text = NULL;
	for (int i = 0; i < argc; i++) {
		const char *arg = argv[i];
		if (!only_ports && strcmp(arg, "--") == 0) {
			only_ports = 1;
		} else if (only_ports || arg[0] != '-') {
			long port;
			if (parse_number(arg, 1, 65535, &port) != 0)
				FAIL("doctor: a PORT is a number from 1 to 65535, not '%s'", arg);
			if (o->port_count == DOCTOR_MAX_PORTS)
				FAIL("doctor: at most %d PORTs", DOCTOR_MAX_PORTS);
			o->ports[o->port_count++] = (uint16_t)port;
		} else if (parse_option(argc, argv, &i, o, &protocols, &bind_text, error, error_size) != 0) {
			return -1;
		}
		if (o->help)
			return 0;
	}
	if (bind_text) {
		o->predict = 1;
		if (doctor_parse_endpoint(bind_text, &o->bind, error, error_size) != 0)
			return -1;
	}
	return check_combination(o, protocols, o->bind.v6only >= 0, error, error_size);
}
