/* dslab: the runner. See cli.c for the commands, README.md for the story. */
#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "cases.h"
#include "cli.h"
#include "execute.h"
#include "explain_command.h"
#include "formats.h"
#include "golden.h"
#include "golden_judge.h"
#include "golden_reference.h"
#include "hermetic_etc.h"
#include "kernels.h"
#include "parent_namespace.h"
#include "report_html.h"
#include "report_model.h"
#include "report_publish.h"
#include "doctor_command.h"
#include "reproduce.h"
#include "run_goldens.h"
#include "snapshot_command.h"
#include "transcript.h"
#include "views.h"

#ifndef DSLAB_SOURCE_DIR
#error "DSLAB_SOURCE_DIR must name the source tree"
#endif

/* The libc this dslab is built with. The main goldens are glibc's; another
 * libc's differences live in <variant>@<libc>.golden overrides. */
#ifdef __GLIBC__
#define DSLAB_LIBC "glibc"
#define DSLAB_OVERRIDE_TAG NULL
#else
#define DSLAB_LIBC "musl"
#define DSLAB_OVERRIDE_TAG "musl"
#endif

static volatile sig_atomic_t stop_requested;

static void request_stop(int signal_number)
{
	(void)signal_number;
	stop_requested = 1;
}

struct paths {
	char build[PATH_MAX];     /* where this dslab lives */
	char scenarios[PATH_MAX]; /* the scenario binaries */
	char expected[PATH_MAX];
	char actual[PATH_MAX];
	char sources[PATH_MAX];   /* the scenario sources */
	char etc[PATH_MAX];       /* the harness's /etc files for cases */
	char capture[PATH_MAX];   /* run --capture-tools, made absolute; "" if off */
};

/* out = a + b, or -1 if it does not fit. */
static int join(char out[PATH_MAX], const char *a, const char *b)
{
	int n = snprintf(out, PATH_MAX, "%s%s", a, b);
	return n < 0 || n >= PATH_MAX ? -1 : 0;
}

static int find_paths(const struct cli_options *o, struct paths *p)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return -1;
	exe[n] = '\0';
	const char *scenarios = getenv("DSLAB_SCENARIO_DIR");
	int rc = join(p->build, dirname(exe), "");
	rc |= scenarios && *scenarios ? join(p->scenarios, scenarios, "")
				       : join(p->scenarios, p->build, "/scenarios");
	rc |= o->expected_dir ? join(p->expected, o->expected_dir, "")
			      : join(p->expected, DSLAB_SOURCE_DIR, "/expected");
	rc |= o->actual_dir ? join(p->actual, o->actual_dir, "") : join(p->actual, p->build, "/actual");
	rc |= join(p->sources, DSLAB_SOURCE_DIR, "/scenarios");
	rc |= join(p->etc, p->build, "/etc");
	/* Absolute: each scenario writes there from its own process. */
	p->capture[0] = '\0';
	if (o->capture_dir && o->capture_dir[0] == '/') {
		rc |= join(p->capture, o->capture_dir, "");
	} else if (o->capture_dir) {
		char cwd[PATH_MAX], relative[PATH_MAX];
		rc |= !getcwd(cwd, sizeof cwd) || join(relative, "/", o->capture_dir) ||
		      join(p->capture, cwd, relative);
	}
	return rc;
}

static int is_directory(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int select_cases(const struct cli_options *o, struct case_list *all, struct case_list *selected)
{
	const char *unmatched = NULL;
	if (cases_all(all) != 0) {
		fprintf(stderr, "dslab: out of memory\n");
		return -1;
	}
	if (cases_select(all, o->patterns, o->pattern_count, selected, &unmatched) != 0) {
		fprintf(stderr, "dslab: no case matches '%s' (see dslab list)\n",
			unmatched ? unmatched : "?");
		cases_free(all);
		return -1;
	}
	return 0;
}

static int command_list(const struct cli_options *o)
{
	struct case_list all, selected;
	if (select_cases(o, &all, &selected) != 0)
		return EXIT_USAGE;
	for (size_t i = 0; i < selected.count; i++)
		printf("%s\n", selected.item[i].name);
	cases_free(&selected);
	cases_free(&all);
	return EXIT_PASS;
}

static int print_file(const char *path, const char *what)
{
	FILE *f = fopen(path, "re");
	if (!f) {
		fprintf(stderr, "dslab: %s: %s %s\n", path, what, strerror(errno));
		return EXIT_USAGE;
	}
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		fwrite(buf, 1, n, stdout);
	fclose(f);
	return EXIT_PASS;
}

/* show --view: the file's snapshots as netstat or ss print them. */
static int print_views(const char *path, const struct cli_options *o, const char *title)
{
	char *text = NULL, why[512];
	enum golden_status status = golden_read(path, &text, why, sizeof why);
	if (status != GOLDEN_OK) {
		fprintf(stderr, "dslab: %s: %s\n", path,
			status == GOLDEN_MISSING ? "no such file" : why);
		return EXIT_USAGE;
	}
	struct transcript t = {0};
	char *out = NULL;
	size_t len = 0;
	FILE *memory = open_memstream(&out, &len);
	int rc = EXIT_PASS;
	if (!memory) {
		snprintf(why, sizeof why, "out of memory");
		rc = EXIT_FAILED;
	} else if (view_parse_snapshots(text, &t, why, sizeof why) != 0 ||
		   view_render_snapshots(o->view, &t, title, memory, why, sizeof why) != 0) {
		rc = EXIT_USAGE; /* a table the view cannot read: bad input */
	}
	if (memory && fclose(memory) != 0 && rc == EXIT_PASS) {
		snprintf(why, sizeof why, "out of memory");
		rc = EXIT_FAILED;
	}
	if (rc == EXIT_PASS)
		fwrite(out, 1, len, stdout);
	else
		fprintf(stderr, "dslab: %s: %s\n", path, why);
	free(out);
	transcript_free(&t);
	free(text);
	return rc;
}

static int command_show(const struct cli_options *o, const struct paths *p)
{
	if (o->show_file)
		return o->view ? print_views(o->show_file, o, o->show_file)
			       : print_file(o->show_file, "cannot read:");
	struct case_list all;
	if (cases_all(&all) != 0)
		return EXIT_USAGE;
	const struct case_def *c = cases_find(&all, o->patterns[0]);
	if (!c) {
		fprintf(stderr, "dslab: no case named '%s' (see dslab list)\n", o->patterns[0]);
		cases_free(&all);
		return EXIT_USAGE;
	}
	char path[PATH_MAX * 2];
	int rc;
	if (o->actual) {
		actual_path_of(path, sizeof path, p->actual, c);
		if (access(path, R_OK) != 0) {
			fprintf(stderr, "dslab: no actual transcript kept for %s (it is kept when a case "
				"fails, or with dslab run --keep)\n", c->name);
			rc = EXIT_USAGE;
		} else {
			rc = o->view ? print_views(path, o, c->name) : print_file(path, "cannot read:");
		}
	} else {
		golden_path_of(path, sizeof path, p->expected, c);
		rc = o->view ? print_views(path, o, c->name) : print_file(path, "no golden:");
	}
	cases_free(&all);
	return rc;
}

static int scenario_known(const char *name)
{
	for (size_t i = 0; i < scenario_catalogue_count; i++)
		if (strcmp(scenario_catalogue[i].name, name) == 0)
			return 1;
	return 0;
}

/* expected/REFERENCE names the reference kernel and libc. */
static int check_reference(const char *expected_dir)
{
	struct golden_reference reference;
	char why[PATH_MAX + 256];
	int rc = golden_reference_read(expected_dir, &reference, why, sizeof why);
	if (rc == 1)
		printf("%s/%s: missing: the main goldens' kernel and libc are not named "
		       "(dslab run --update on the reference writes it)\n", expected_dir, REFERENCE_FILE_NAME);
	else if (rc < 0)
		printf("%s\n", why);
	else
		printf("reference: Linux %s, %s\n", reference.kernel, reference.libc);
	return rc != 0;
}

/* An override's header names its own tag and its own main golden. */
static int check_override(const char *dir, const char *file, const char *tag)
{
	char path[PATH_MAX * 3], main_base[PATH_MAX], why[256], *text = NULL;
	snprintf(path, sizeof path, "%s/%s", dir, file);
	snprintf(main_base, sizeof main_base, "%.*s.golden", (int)(strrchr(file, '@') - file), file);
	if (golden_read(path, &text, why, sizeof why) != GOLDEN_OK) {
		printf("%s: %s\n", path, why);
		return 1;
	}
	const char *problem = golden_override_header_problem(text, tag, main_base);
	free(text);
	if (problem)
		printf("%s: %s\n", path, problem);
	return problem != NULL;
}

/* Nothing silently unregistered: sources, binaries, cases and goldens must
 * all line up. */
static int command_check(const struct paths *p)
{
	int problems = 0;
	DIR *dir = opendir(p->sources);
	struct dirent *e;
	while (dir && (e = readdir(dir))) {
		size_t len = strlen(e->d_name);
		if (len > 2 && strcmp(e->d_name + len - 2, ".c") == 0) {
			char name[256];
			snprintf(name, sizeof name, "%.*s", (int)(len - 2), e->d_name);
			if (!scenario_known(name)) {
				printf("scenarios/%s has no cases: re-run cmake so dslab knows it\n", e->d_name);
				problems++;
			}
		}
	}
	if (dir)
		closedir(dir);

	struct case_list all;
	if (cases_all(&all) != 0)
		return EXIT_USAGE;
	for (size_t i = 0; i < scenario_catalogue_count; i++) {
		char path[PATH_MAX * 2];
		snprintf(path, sizeof path, "%s/%s", p->scenarios, scenario_catalogue[i].name);
		if (access(path, X_OK) != 0) {
			printf("%s: scenario binary missing (build it: cmake --build build)\n", path);
			problems++;
		}
	}
	for (size_t i = 0; i < all.count; i++) {
		char path[PATH_MAX * 2];
		golden_path_of(path, sizeof path, p->expected, &all.item[i]);
		if (access(path, F_OK) != 0) {
			printf("%s: case has no golden (dslab run --update '%s')\n", all.item[i].name,
			       all.item[i].name);
			problems++;
		}
	}
	problems += check_reference(p->expected);
	DIR *expected = opendir(p->expected);
	while (expected && (e = readdir(expected))) {
		if (e->d_name[0] == '.' || strcmp(e->d_name, REFERENCE_FILE_NAME) == 0)
			continue;
		char sub[PATH_MAX * 2];
		snprintf(sub, sizeof sub, "%s/%s", p->expected, e->d_name);
		DIR *goldens = opendir(sub);
		if (!goldens) {
			printf("expected/%s: not a scenario directory\n", e->d_name);
			problems++;
			continue;
		}
		struct dirent *g;
		while ((g = readdir(goldens))) {
			if (g->d_name[0] == '.')
				continue;
			size_t len = strlen(g->d_name);
			char name[PATH_MAX];
			snprintf(name, sizeof name, "%s/%.*s", e->d_name,
				 len > 7 ? (int)(len - 7) : 0, g->d_name);
			/* <variant>@<tag>.golden: an override of <variant>.golden. */
			char *at = strrchr(name, '@');
			const char *tag = at ? at + 1 : NULL;
			if (at && golden_tag_valid(tag, strlen(tag)))
				*at = '\0';
			if (len <= 7 || strcmp(g->d_name + len - 7, ".golden") != 0 || !cases_find(&all, name)) {
				printf("expected/%s/%s: no case has this golden\n", e->d_name, g->d_name);
				problems++;
			} else if (at) {
				problems += check_override(sub, g->d_name, tag);
			}
		}
		closedir(goldens);
	}
	if (expected)
		closedir(expected);
	else {
		printf("%s: no expected/ directory\n", p->expected);
		problems++;
	}
	problems += (int)explain_check_all(p->sources, p->expected, stdout);
	cases_free(&all);
	printf("%d problem%s\n", problems, problems == 1 ? "" : "s");
	return problems ? EXIT_FAILED : EXIT_PASS;
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

/* The selected cases, each result printed (and, if also is set, passed
 * on to it); returns run's exit code. */
static int run_cases(const struct cli_options *o, const struct paths *p, result_callback also,
		     void *also_context)
{
	const char *ci = getenv("CI");
	if (o->update && ci && *ci) {
		fprintf(stderr, "dslab: --update refused: CI is set (goldens change only by a person, "
			"who reads the diff)\n");
		return EXIT_USAGE;
	}
	double multiplier = 1;
	const char *m = getenv(TIMEOUT_MULTIPLIER_VARIABLE);
	if (m && *m && cli_parse_positive(m, &multiplier) != 0) {
		fprintf(stderr, "dslab: %s must be a positive number, not '%s'\n",
			TIMEOUT_MULTIPLIER_VARIABLE, m);
		return EXIT_USAGE;
	}
	if (!is_directory(p->expected)) {
		fprintf(stderr, "dslab: %s: goldens directory missing\n", p->expected);
		return EXIT_USAGE;
	}
	static struct run_goldens goldens; /* the settings and printer point into it */
	char error[1024];
	if (run_goldens_prepare(o, p->expected, DSLAB_OVERRIDE_TAG, &goldens, error, sizeof error) != 0) {
		fprintf(stderr, "dslab: %s\n", error);
		return EXIT_USAGE;
	}
	struct case_list all, selected;
	if (select_cases(o, &all, &selected) != 0)
		return EXIT_USAGE;
	for (size_t i = 0; i < selected.count; i++) {
		char path[PATH_MAX * 2];
		snprintf(path, sizeof path, "%s/%s", p->scenarios, selected.item[i].scenario->name);
		if (access(path, X_OK) != 0) {
			fprintf(stderr, "dslab: %s: scenario binary missing (build it: cmake --build build)\n",
				path);
			cases_free(&selected);
			cases_free(&all);
			return EXIT_USAGE;
		}
	}

	if (hermetic_etc_prepare(p->etc) != 0) {
		fprintf(stderr, "dslab: %s: cannot write the harness's /etc files: %s\n", p->etc,
			strerror(errno));
		cases_free(&selected);
		cases_free(&all);
		return EXIT_USAGE;
	}
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	struct run_settings settings = {
		.timeout_seconds = o->timeout_seconds * multiplier,
		.jobs = o->jobs ? o->jobs : (unsigned)(cpus > 0 ? cpus : 1),
		.update = o->update,
		.tags = &goldens.tags,
		.update_mode = goldens.update_mode,
		.update_tag = goldens.update_tag,
		.difference_context = goldens.context[0] ? goldens.context : NULL,
		.keep = o->keep,
		.expected_dir = p->expected,
		.actual_dir = p->actual,
		.scenario_dir = p->scenarios,
		.etc_dir = p->etc,
		.capture_dir = p->capture[0] ? p->capture : NULL,
	};
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
	printer_begin(&printer, selected.count);
	size_t ran = execute_cases(&selected, &settings, print_and_pass_on, &tee, &stop_requested);
	if (stop_requested)
		fprintf(stderr, "dslab: interrupted after %zu of %zu cases\n", ran, selected.count);
	printer_end(&printer);
	cases_free(&selected);
	cases_free(&all);

	const struct tally *t = &printer.tally;
	if (!stop_requested && !t->bad_input && run_goldens_finish(&goldens, p->expected) != 0) {
		fprintf(stderr, "dslab: %s/%s: cannot write: %s\n", p->expected, REFERENCE_FILE_NAME,
			strerror(errno));
		return EXIT_USAGE;
	}
	if (t->bad_input)
		return EXIT_USAGE;
	if (t->failed || stop_requested)
		return EXIT_FAILED;
	if (t->skipped && !t->passed)
		return EXIT_ALL_SKIPPED;
	return EXIT_PASS;
}

static int command_run(const struct cli_options *o, const struct paths *p)
{
	return run_cases(o, p, NULL, NULL);
}

/* A message that quotes a path stays one line. */
static void print_one_line(const char *text)
{
	fputs("dslab: ", stderr);
	for (; *text; text++)
		fputc((unsigned char)*text < 0x20 ? '?' : *text, stderr);
	fputc('\n', stderr);
}

/* report --html DIR: run the cases, then write the page; DIR appears whole
 * or not at all (report_publish.h). */
static int command_report(const struct cli_options *o, const struct paths *p)
{
	char why[PATH_MAX * 2 + 256];
	struct report_page page = {0};
	if (report_load_kernel_diff(&page, o->kernel_diff, p->build, DSLAB_SOURCE_DIR, why, sizeof why) != 0) {
		print_one_line(why);
		report_free_kernel_diff(&page);
		return EXIT_USAGE;
	}
	struct report_staging staging;
	if (report_staging_begin(&staging, o->html_dir, why, sizeof why) != 0) {
		print_one_line(why);
		report_free_kernel_diff(&page);
		return EXIT_USAGE;
	}
	why[0] = '\0';
	struct report_collector collector = {.page = &page, .project_dir = DSLAB_SOURCE_DIR};
	int rc = run_cases(o, p, report_collect, &collector);
	int publish = rc != EXIT_USAGE && !stop_requested;
	if (publish && (collector.out_of_memory || report_add_lessons(&page, p->sources) != 0)) {
		snprintf(why, sizeof why, "out of memory");
		publish = 0;
		rc = EXIT_USAGE;
	}
	struct utsname host;
	char system_name[sizeof host.sysname + sizeof host.release + sizeof host.machine + 3] = "";
	if (uname(&host) == 0)
		snprintf(system_name, sizeof system_name, "%s %s %s", host.sysname, host.release, host.machine);
	page.system = system_name;
	page.expected_dir = p->expected;
	struct golden_reference reference;
	char reference_text[256], reference_why[64];
	if (golden_reference_read(p->expected, &reference, reference_why, sizeof reference_why) == 0) {
		golden_reference_text(&reference, reference_text, sizeof reference_text);
		page.reference = reference_text;
	}
	if (publish && report_html_write(staging.out, &page) != 0) {
		snprintf(why, sizeof why, "%s: %s", staging.page, strerror(errno));
		publish = 0;
		rc = EXIT_USAGE;
	} else if (publish && report_staging_commit(&staging, why, sizeof why) != 0) {
		publish = 0;
		rc = EXIT_USAGE;
	}
	if (publish) {
		printf("report: %s/%s\n", staging.final_dir, REPORT_PAGE_NAME);
	} else {
		report_staging_abandon(&staging);
		if (rc == EXIT_USAGE && why[0] && !stop_requested)
			print_one_line(why);
	}
	report_free_kernel_diff(&page);
	report_page_free(&page);
	return rc;
}

/* After the help of dslab and of run: the reference these goldens are. */
static void print_reference(const struct paths *p, const char *topic)
{
	if (topic && strcmp(topic, "run") != 0)
		return;
	struct golden_reference reference;
	char why[PATH_MAX + 256], text[256];
	if (golden_reference_read(p->expected, &reference, why, sizeof why) != 0)
		return;
	golden_reference_text(&reference, text, sizeof text);
	printf("\nThe reference (%s/%s): %s.\n", p->expected, REFERENCE_FILE_NAME, text);
}

int main(int argc, char **argv)
{
	struct cli_options options;
	char error[512];
	if (cli_parse(argc, argv, &options, error, sizeof error) != 0) {
		fprintf(stderr, "dslab: %s\n", error);
		cli_free(&options);
		return EXIT_USAGE;
	}
	struct paths paths;
	if (find_paths(&options, &paths) != 0) {
		fprintf(stderr, "dslab: cannot find my own location (/proc/self/exe)\n");
		cli_free(&options);
		return EXIT_USAGE;
	}
	if (options.command == COMMAND_RUN && options.libc && strcmp(options.libc, DSLAB_LIBC) != 0) {
		/* Another libc is another build: hand the same command to it. */
		char other[PATH_MAX * 2];
		if (strcmp(options.libc, "musl") == 0)
			snprintf(other, sizeof other, "%s/musl/dslab", paths.build);
		else
			snprintf(other, sizeof other, "%s/../dslab", paths.build);
		char **args = calloc((size_t)argc + 1, sizeof *args);
		int n = 0;
		for (int i = 0; args && i < argc; i++) {
			if (strcmp(argv[i], "--libc") == 0) {
				i++;
				continue;
			}
			if (strncmp(argv[i], "--libc=", 7) == 0)
				continue;
			args[n++] = argv[i];
		}
		if (args) {
			args[0] = other;
			execv(other, args);
		}
		fprintf(stderr, "dslab: no %s build at %s (%s)\n", options.libc, other,
			strcmp(options.libc, "musl") == 0 ? "cmake --preset musl && cmake --build build/musl"
							  : "cmake --preset default && cmake --build build");
		free(args);
		cli_free(&options);
		return EXIT_USAGE;
	}
	int rc;
	switch (options.command) {
	case COMMAND_LIST: rc = command_list(&options); break;
	case COMMAND_RUN: rc = command_run(&options, &paths); break;
	case COMMAND_SHOW: rc = command_show(&options, &paths); break;
	case COMMAND_CHECK: rc = command_check(&paths); break;
	case COMMAND_SNAPSHOT: rc = snapshot_command(&options); break;
	case COMMAND_DOCTOR: rc = doctor_command(options.doctor_argc, options.doctor_argv, paths.expected,
							 paths.sources);
		break;
	case COMMAND_EXPLAIN: rc = explain_command(&options, paths.sources, paths.expected); break;
	case COMMAND_REPORT: rc = command_report(&options, &paths); break;
	case COMMAND_REPRODUCE: rc = reproduce_command(&options, paths.expected); break;
	case COMMAND_KERNELS: {
		char self[PATH_MAX];
		ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
		self[n > 0 ? n : 0] = '\0';
		struct kernels_paths kp = {.self = self, .build = paths.build,
					   .expected = paths.expected, .source = DSLAB_SOURCE_DIR};
		rc = command_kernels(&options, &kp);
		break;
	}
	default:
		fputs(cli_help(options.help_topic), stdout);
		print_reference(&paths, options.help_topic);
		rc = EXIT_PASS;
		if (options.help_topic && strcmp(cli_help(options.help_topic), cli_help(NULL)) == 0 &&
		    strcmp(options.help_topic, "help") != 0) {
			fprintf(stderr, "dslab: no command '%s'\n", options.help_topic);
			rc = EXIT_USAGE;
		}
		break;
	}
	cli_free(&options);
	return rc;
}
