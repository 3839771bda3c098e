/* dslab report --html DIR [run's options] [CASE...]: run the cases, then
 * write the page (report_html.h); DIR appears whole or not at all
 * (report_publish.h). dslab report --runtimes-table: the README's table
 * (runtimes_table.h), running nothing. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

#include "command_report.h"
#include "golden_reference.h"
#include "report_html.h"
#include "report_model.h"
#include "report_publish.h"
#include "run_cases.h"
#include "runtimes_table.h"

/* A message that quotes a path stays one line. */
static void print_one_line(const char *text)
{
	fputs("dslab: ", stderr);
	for (; *text; text++)
		fputc((unsigned char)*text < 0x20 ? '?' : *text, stderr);
	fputc('\n', stderr);
}

/* What the page says of the machine and of the goldens' reference. */
static void describe_system(struct report_page *page, const char *expected, char *system_name,
			    size_t system_size, char *reference_text, size_t reference_size)
{
	struct utsname host;
	system_name[0] = '\0';
	if (uname(&host) == 0)
		snprintf(system_name, system_size, "%s %s %s", host.sysname, host.release, host.machine);
	page->system = system_name;
	page->expected_dir = expected; /* the runtimes section reads its goldens */
	struct golden_reference reference;
	char why[64];
	if (golden_reference_read(expected, &reference, why, sizeof why) == 0) {
		golden_reference_text(&reference, reference_text, reference_size);
		page->reference = reference_text;
	}
}

int command_report(const struct command_context *c)
{
	const struct cli_options *o = c->options;
	const struct paths *p = c->paths;
	char why[PATH_MAX * 2 + 256];
	if (o->runtimes_table) {
		if (runtimes_table_write(stdout, p->expected, why, sizeof why) == 0)
			return 0;
		print_one_line(why);
		return EXIT_USAGE;
	}
	struct report_page page = {0};
	if (report_load_kernel_diff(&page, o->kernel_diff, p->build, p->source, why, sizeof why) != 0) {
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
	struct report_collector collector = {.page = &page, .project_dir = p->source};
	int rc = run_cases(c, report_collect, &collector);
	int publish = rc != EXIT_USAGE && !run_cases_interrupted();
	if (publish && (collector.out_of_memory || report_add_lessons(&page, p->sources) != 0)) {
		snprintf(why, sizeof why, "out of memory");
		publish = 0;
		rc = EXIT_USAGE;
	}
	char system_name[sizeof(struct utsname) + 3], reference_text[256];
	describe_system(&page, p->expected, system_name, sizeof system_name, reference_text,
			sizeof reference_text);
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
		if (rc == EXIT_USAGE && why[0] && !run_cases_interrupted())
			print_one_line(why);
	}
	report_free_kernel_diff(&page);
	report_page_free(&page);
	return rc;
}
