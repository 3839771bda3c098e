#include "run_cases.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "execute.h"
#include "golden_reference.h"
#include "hermetic_etc.h"
#include "parent_namespace.h"
#include "run_goldens.h"
#include "run_preamble.h"

static volatile sig_atomic_t stop_requested;

static void request_stop(int signal_number)
{
	(void)signal_number;
	stop_requested = 1;
}

int run_cases_interrupted(void)
{
	return stop_requested;
}

struct tee {
	struct printer *printer;
	result_callback also;
	void *also_context;
};

static void print_and_pass_on(const struct case_result *result, void *context)
{
	struct tee *tee = context;
	printer_result(result, tee->printer);
	if (tee->also)
		tee->also(result, tee->also_context);
}

/* Every selected scenario's binary is there, and the cases' /etc files. */
static int ready_to_start(const struct case_list *selected, const struct paths *p)
{
	for (size_t i = 0; i < selected->count; i++) {
		char path[PATH_MAX * 2];
		snprintf(path, sizeof path, "%s/%s", p->scenarios, selected->item[i].scenario->name);
		if (access(path, X_OK) != 0) {
			fprintf(stderr, "dslab: %s: scenario binary missing (build it: cmake --build build)\n",
				path);
			return -1;
		}
	}
	if (hermetic_etc_prepare(p->etc) != 0) {
		fprintf(stderr, "dslab: %s: cannot write the harness's /etc files: %s\n", p->etc,
			strerror(errno));
		return -1;
	}
	return 0;
}

static struct run_settings settings_of(const struct cli_options *o, const struct paths *p,
				       double multiplier, const struct run_goldens *goldens)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	return (struct run_settings){
		.timeout_seconds = o->timeout_seconds * multiplier,
		.jobs = o->jobs ? o->jobs : (unsigned)(cpus > 0 ? cpus : 1),
		.update = o->update,
		.tags = &goldens->tags,
		.update_mode = goldens->update_mode,
		.update_tag = goldens->update_tag,
		.difference_context = goldens->context[0] ? goldens->context : NULL,
		.keep = o->keep,
		.expected_dir = p->expected,
		.actual_dir = p->actual,
		.scenario_dir = p->scenarios,
		.etc_dir = p->etc,
		.capture_dir = p->capture[0] ? p->capture : NULL,
	};
}

static int exit_code_of(const struct tally *t)
{
	if (t->bad_input)
		return EXIT_USAGE;
	if (t->failed || stop_requested)
		return EXIT_FAILED;
	if (t->skipped && !t->passed)
		return EXIT_ALL_SKIPPED;
	return EXIT_PASS;
}

/* The checks before any case starts; -1 after one line on stderr. */
static int prepare(const struct cli_options *o, const struct paths *p, struct run_preamble *preamble,
		   struct run_goldens *goldens)
{
	char error[1024];
	if (run_preamble_begin(o, preamble) != 0)
		return -1;
	if (!is_directory(p->expected)) {
		fprintf(stderr, "dslab: %s: goldens directory missing\n", p->expected);
	} else if (paths_prepare_writing(p, error, sizeof error) != 0) {
		fprintf(stderr, "dslab: %s\n", error);
	} else if (run_goldens_prepare(o, p->expected, DSLAB_OVERRIDE_TAG, goldens, error, sizeof error) != 0) {
		fprintf(stderr, "dslab: %s\n", error);
	} else if (ready_to_start(&preamble->selected, p) == 0) {
		return 0;
	}
	run_preamble_free(preamble);
	return -1;
}

int run_cases(const struct command_context *c, result_callback also, void *also_context)
{
	const struct cli_options *o = c->options;
	const struct paths *p = c->paths;
	struct run_preamble preamble;
	static struct run_goldens goldens; /* the settings and printer point into it */
	if (prepare(o, p, &preamble, &goldens) != 0)
		return EXIT_USAGE;
	struct run_settings settings = settings_of(o, p, preamble.multiplier, &goldens);
	struct sigaction stop = {.sa_handler = request_stop};
	sigaction(SIGINT, &stop, NULL);
	sigaction(SIGTERM, &stop, NULL);
	const char *shared = getenv(SHARED_TABLES_VARIABLE);
	if (!shared || strcmp(shared, "1") != 0)
		parent_namespace_enter();

	struct printer printer = {.format = o->format, .out = stdout,
				  .reference = goldens.reference_text, .this_run = goldens.here_text,
				  .recorded_rule = goldens.rule_text[0] ? goldens.rule_text : NULL};
	struct tee tee = {&printer, also, also_context};
	printer_begin(&printer, preamble.selected.count);
	size_t ran = execute_cases(&preamble.selected, &settings, print_and_pass_on, &tee, &stop_requested);
	if (stop_requested)
		fprintf(stderr, "dslab: interrupted after %zu of %zu cases\n", ran, preamble.selected.count);
	printer_end(&printer);
	run_preamble_free(&preamble);

	const struct tally *t = &printer.tally;
	if (!stop_requested && !t->bad_input && run_goldens_finish(&goldens, p->expected) != 0) {
		fprintf(stderr, "dslab: %s/%s: cannot write: %s\n", p->expected, REFERENCE_FILE_NAME,
			strerror(errno));
		return EXIT_USAGE;
	}
	return exit_code_of(t);
}
