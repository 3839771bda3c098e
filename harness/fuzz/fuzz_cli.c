/* libFuzzer target: dslab's command line and case selection.
 *
 * The input is split on NUL or newline into arguments (argv[1] ...; argv[0]
 * is "dslab"), parsed by cli_parse; what parses goes on as in main.c:
 * cli_help for a help topic, cases_select on the patterns (over the real
 * catalogue and over one with extra axes, as in test_cli.c), cases_find on
 * each pattern; dslab doctor's words through doctor_parse (a one-line
 * message on failure; a parsed --bind has a port and a family). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sys/socket.h>

#include "cases.h"
#include "cli.h"
#include "doctor_options.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A catalogue of the fuzzer's own: lessons come and go, and axes make
 * longer variant names ("a/bindv6only=0,unpriv_start=80,x=1"). */
static const struct axis fuzz_axes[] = {
	{"unpriv_start", SETTING_SYSCTL, "/proc/sys/net/ipv4/ip_unprivileged_port_start", {"1024", "80", NULL}},
	{"x", SETTING_SYSCTL, "/proc/sys/x", {"1", "2", "3", NULL}},
};
static const struct scenario fuzz_catalogue[] = {
	{"seed_v4v6", "", NULL, 0, 0},
	{"privileged_port", "cap_net_bind_service", fuzz_axes, 2, 0},
	{"a", "", fuzz_axes, 1, 0},
};

static void select_from(const struct case_list *all, const struct cli_options *o)
{
	struct case_list selected = {0};
	const char *unmatched = NULL;
	if (cases_select(all, o->patterns, o->pattern_count, &selected, &unmatched) == 0) {
		if (selected.count > all->count)
			abort();
		cases_free(&selected);
	} else if (!unmatched && o->pattern_count > 0) {
		abort(); /* allocation failure is the only other way */
	}
	for (size_t p = 0; p < o->pattern_count; p++)
		(void)cases_find(all, o->patterns[p]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Arguments: the input's bytes, each separator made a terminator. */
	char *text = malloc(size + 1);
	char **argv = malloc((size + 3) * sizeof *argv);
	if (!text || !argv) {
		free(text);
		free(argv);
		return 0;
	}
	memcpy(text, data, size);
	text[size] = '\0';
	int argc = 0;
	argv[argc++] = (char *)"dslab";
	if (size > 0) {
		argv[argc++] = text;
		for (size_t i = 0; i < size; i++) {
			if (text[i] == '\n' || text[i] == '\0') {
				text[i] = '\0';
				if (i + 1 < size)
					argv[argc++] = &text[i + 1];
			}
		}
	}
	argv[argc] = NULL;

	struct cli_options o;
	char error[256] = "";
	if (cli_parse(argc, argv, &o, error, sizeof error) == 0) {
		if (o.command == COMMAND_HELP && !cli_help(o.help_topic))
			abort();
		struct doctor_options d;
		char doctor_error[512] = "";
		if (o.command == COMMAND_DOCTOR) {
			if (doctor_parse(o.doctor_argc, o.doctor_argv, &d, doctor_error, sizeof doctor_error) != 0) {
				if (!doctor_error[0] || strchr(doctor_error, '\n'))
					abort();
			} else if (d.predict && (d.bind.port == 0 ||
						 (d.bind.family != AF_INET && d.bind.family != AF_INET6))) {
				abort();
			}
		}
		struct case_list all = {0};
		if (cases_all(&all) == 0) {
			select_from(&all, &o);
			cases_free(&all);
		}
		if (cases_expand(fuzz_catalogue, sizeof fuzz_catalogue / sizeof fuzz_catalogue[0], &all) == 0) {
			select_from(&all, &o);
			cases_free(&all);
		}
	} else if (!error[0] || strchr(error, '\n')) {
		abort(); /* a one-line message, always */
	}
	cli_free(&o);
	free(argv);
	free(text);
	return 0;
}
