/* dslab check: nothing silently unregistered (here, beside explain: it
 * checks the lessons' notes with everything else). Scenario sources, binaries,
 * cases, goldens, overrides, expected/REFERENCE and the lessons' .explain
 * notes must all line up; each problem is one line. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "command.h"
#include "explain_command.h"
#include "golden.h"
#include "golden_judge.h"
#include "golden_reference.h"

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

/* Every scenarios/<name>.c is a known scenario. */
static int check_sources(const struct paths *p)
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
	return problems;
}

/* Every scenario has its binary, every case its golden. */
static int check_binaries_and_goldens(const struct paths *p, const struct case_list *all)
{
	int problems = 0;
	for (size_t i = 0; i < scenario_catalogue_count; i++) {
		char path[PATH_MAX * 2];
		snprintf(path, sizeof path, "%s/%s", p->scenarios, scenario_catalogue[i].name);
		if (access(path, X_OK) != 0) {
			printf("%s: scenario binary missing (build it: cmake --build build)\n", path);
			problems++;
		}
	}
	for (size_t i = 0; i < all->count; i++) {
		char path[PATH_MAX * 2];
		golden_path_of(path, sizeof path, p->expected, &all->item[i]);
		if (access(path, F_OK) != 0) {
			printf("%s: case has no golden (dslab run --update '%s')\n", all->item[i].name,
			       all->item[i].name);
			problems++;
		}
	}
	return problems;
}

/* Every file of expected/<scenario>/ is a case's golden or a well-formed
 * override of one. */
static int check_scenario_goldens(const char *expected, const char *scenario, const struct case_list *all)
{
	char sub[PATH_MAX * 2];
	snprintf(sub, sizeof sub, "%s/%s", expected, scenario);
	DIR *goldens = opendir(sub);
	if (!goldens) {
		printf("expected/%s: not a scenario directory\n", scenario);
		return 1;
	}
	int problems = 0;
	struct dirent *g;
	while ((g = readdir(goldens))) {
		if (g->d_name[0] == '.')
			continue;
		size_t len = strlen(g->d_name);
		char name[PATH_MAX];
		snprintf(name, sizeof name, "%s/%.*s", scenario, len > 7 ? (int)(len - 7) : 0, g->d_name);
		/* <variant>@<tag>.golden: an override of <variant>.golden. */
		char *at = strrchr(name, '@');
		const char *tag = at ? at + 1 : NULL;
		if (at && golden_tag_valid(tag, strlen(tag)))
			*at = '\0';
		if (len <= 7 || strcmp(g->d_name + len - 7, ".golden") != 0 || !cases_find(all, name)) {
			printf("expected/%s/%s: no case has this golden\n", scenario, g->d_name);
			problems++;
		} else if (at) {
			problems += check_override(sub, g->d_name, tag);
		}
	}
	closedir(goldens);
	return problems;
}

static int check_expected(const char *expected, const struct case_list *all)
{
	DIR *dir = opendir(expected);
	if (!dir) {
		printf("%s: no expected/ directory\n", expected);
		return 1;
	}
	int problems = 0;
	struct dirent *e;
	while ((e = readdir(dir)))
		if (e->d_name[0] != '.' && strcmp(e->d_name, REFERENCE_FILE_NAME) != 0)
			problems += check_scenario_goldens(expected, e->d_name, all);
	closedir(dir);
	return problems;
}

int command_check(const struct command_context *c)
{
	const struct paths *p = c->paths;
	int problems = check_sources(p);
	struct case_list all;
	if (cases_all(&all) != 0)
		return EXIT_USAGE;
	problems += check_binaries_and_goldens(p, &all);
	problems += check_reference(p->expected);
	problems += check_expected(p->expected, &all);
	problems += (int)explain_check_all(p->sources, p->expected, stdout);
	cases_free(&all);
	printf("%d problem%s\n", problems, problems == 1 ? "" : "s");
	return problems ? EXIT_FAILED : EXIT_PASS;
}
