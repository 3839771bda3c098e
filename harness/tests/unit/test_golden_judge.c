/* golden_judge and kernel_tags: which goldens apply to which kernel, and
 * the one verdict host runs, dslab kernels and the musl build share.
 *
 * The running kernel's release is faked ($DSLAB_KERNEL_RELEASE) as 6.1.192,
 * 6.12.118, 6.18.44 and 5.15.0, and the real goldens under expected/ are
 * judged: only a 6.1.y kernel takes the @linux-6.1 overrides. */
#include "unit_test.h"

#include <unistd.h>

#include "cases.h"
#include "golden.h"
#include "golden_judge.h"
#include "kernel_tags.h"
#include "run_goldens.h"

#ifndef EXPECTED_DIR
#error "EXPECTED_DIR must name the source tree's expected/"
#endif

static void choose_for_release(const char *release, struct kernel_choice *choice)
{
	char error[512];
	setenv(KERNEL_RELEASE_VARIABLE, release, 1);
	unsetenv(KERNEL_TAG_VARIABLE);
	assert_int_equal(kernel_tag_choose(NULL, 0, 0, EXPECTED_DIR, choice, error, sizeof error), 0);
	unsetenv(KERNEL_RELEASE_VARIABLE);
}

static void tag_by_version(void **state)
{
	(void)state;
	static const char *const table[][2] = {
		{"6.1.192", "linux-6.1"}, {"6.12.118", "linux-6.12"}, {"6.18.44", "linux-6.18"},
		{"5.15.0", "linux-5.15"}, {"6.1.0-56-cloud-amd64", "linux-6.1"},
		{"6.18.44-fc-v1272", "linux-6.18"}, {"6.10", "linux-6.10"}, {"unknown", ""},
	};
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		struct kernel_choice choice;
		choose_for_release(table[i][0], &choice);
		assert_string_equal(choice.release, table[i][0]);
		assert_string_equal(choice.tag, table[i][1]);
		assert_string_equal(choice.rule, "version");
	}
}

/* A libc's tag by its version, as a kernel's. */
static void libc_tag_by_version(void **state)
{
	(void)state;
	static const char *const table[][2] = {
		{"glibc 2.36", "glibc-2.36"}, {"glibc 2.41", "glibc-2.41"}, {"glibc 2.43.9000", "glibc-2.43"},
		{"glibc 2.31", "glibc-2.31"}, {"musl", ""}, {"glibc", ""}, {"", ""},
	};
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		char tag[40] = "x";
		golden_reference_libc_tag(table[i][0], tag, sizeof tag);
		assert_string_equal(tag, table[i][1]);
	}
}

static int has_tag(const struct golden_tags *tags, const char *tag)
{
	for (size_t i = 0; i < tags->count; i++)
		if (strcmp(tags->tag[i], tag) == 0)
			return 1;
	return 0;
}

/* A run on the reference's kernel version with another glibc (faked):
 * that glibc's overrides apply, the summary names them, and --update
 * records under its tag, never the main goldens; on the reference's glibc
 * nothing changes. */
static void another_glibc(void **state)
{
	(void)state;
	char error[512];
	struct cli_options o = {0};
	struct run_goldens g;
	struct golden_reference reference;
	assert_int_equal(golden_reference_read(EXPECTED_DIR, &reference, error, sizeof error), 0);
	setenv(KERNEL_RELEASE_VARIABLE, reference.kernel, 1);
	unsetenv(KERNEL_TAG_VARIABLE);

	setenv(LIBC_RELEASE_VARIABLE, "glibc 2.41", 1);
	assert_int_equal(run_goldens_prepare(&o, EXPECTED_DIR, NULL, &g, error, sizeof error), 0);
	assert_string_equal(g.libc_tag, "glibc-2.41");
	assert_true(has_tag(&g.tags, "glibc-2.41"));
	assert_non_null(strstr(g.rule_text, "glibc-2.41 (by version)"));
	o.update = 1;
	assert_int_equal(run_goldens_prepare(&o, EXPECTED_DIR, NULL, &g, error, sizeof error), 0);
	assert_int_equal(g.update_mode, UPDATE_OVERRIDE);
	assert_string_equal(g.update_tag, "glibc-2.41");
	o.new_reference = 1;
	assert_int_equal(run_goldens_prepare(&o, EXPECTED_DIR, NULL, &g, error, sizeof error), 0);
	assert_int_equal(g.update_mode, UPDATE_MAIN);
	o = (struct cli_options){.no_recorded = 1};
	assert_int_equal(run_goldens_prepare(&o, EXPECTED_DIR, NULL, &g, error, sizeof error), 0);
	assert_false(has_tag(&g.tags, "glibc-2.41"));
	assert_null(strstr(g.rule_text, "glibc"));
	/* The musl build's own tag, not a glibc's. */
	o = (struct cli_options){0};
	assert_int_equal(run_goldens_prepare(&o, EXPECTED_DIR, "musl", &g, error, sizeof error), 0);
	assert_true(has_tag(&g.tags, "musl"));
	assert_string_equal(g.libc_tag, "");

	setenv(LIBC_RELEASE_VARIABLE, reference.libc, 1);
	o = (struct cli_options){.update = 1};
	assert_int_equal(run_goldens_prepare(&o, EXPECTED_DIR, NULL, &g, error, sizeof error), 0);
	assert_int_equal(g.update_mode, UPDATE_MAIN);
	assert_null(strstr(g.rule_text, "glibc"));
	unsetenv(LIBC_RELEASE_VARIABLE);
	unsetenv(KERNEL_RELEASE_VARIABLE);
}

static char *read_text(const char *path)
{
	char *text[1] = {NULL}, why[256];
	enum golden_status status = golden_read(path, text, why, sizeof why);
	assert_int_equal(status, GOLDEN_OK);
	return text[0];
}

/* Every bind_matrix_tcp case, judged with its @linux-6.1 transcript (where
 * it has one) as the actual: recorded on 6.1.y only, a difference
 * elsewhere; its main transcript is the same everywhere. */
static void real_goldens_per_release(void **state)
{
	(void)state;
	static const char *const releases[] = {"6.1.192", "6.12.118", "6.18.44", "5.15.0"};
	struct case_list all;
	assert_int_equal(cases_all(&all), 0);
	size_t overridden = 0;
	for (size_t r = 0; r < sizeof releases / sizeof releases[0]; r++) {
		struct kernel_choice choice;
		choose_for_release(releases[r], &choice);
		struct golden_tags tags = {0};
		golden_tags_add(&tags, choice.tag);
		int is_61 = strcmp(choice.tag, "linux-6.1") == 0;
		for (size_t i = 0; i < all.count; i++) {
			const struct case_def *c = &all.item[i];
			char main_path[4096], override_path[4200];
			golden_path_of(main_path, sizeof main_path, EXPECTED_DIR, c);
			golden_override_path(main_path, "linux-6.1", override_path, sizeof override_path);
			char *main_text = read_text(main_path);
			struct golden_judgement j;
			assert_int_equal(golden_judge(EXPECTED_DIR, c, main_text, &tags, UPDATE_NONE, NULL, &j),
					 JUDGED_SAME);
			golden_judgement_free(&j);
			free(main_text);
			if (access(override_path, F_OK) != 0)
				continue;
			overridden += r == 0;
			char *override = read_text(override_path);
			const char *body = strchr(override, '\n') + 1;
			enum judgement v = golden_judge(EXPECTED_DIR, c, body, &tags, UPDATE_NONE, NULL, &j);
			assert_int_equal(v, is_61 ? JUDGED_RECORDED : JUDGED_DIFFERS);
			if (is_61)
				assert_string_equal(j.recorded_tag, "linux-6.1");
			else
				assert_true(j.diffs.count > 0 && strstr(j.reason, "cell (") != NULL);
			golden_judgement_free(&j);
			free(override);
		}
	}
	assert_int_equal(overridden, 8); /* the 8 bind_matrix_tcp cases of 6.1 */
	cases_free(&all);
}

static void explicit_tags(void **state)
{
	(void)state;
	struct kernel_choice choice;
	char error[512];
	setenv(KERNEL_RELEASE_VARIABLE, "6.18.44", 1);
	assert_int_equal(kernel_tag_choose("linux-6.1", 0, 0, EXPECTED_DIR, &choice, error, sizeof error), 0);
	assert_string_equal(choice.tag, "linux-6.1");
	assert_string_equal(choice.rule, "--kernel-tag");
	setenv(KERNEL_TAG_VARIABLE, "linux-6.1", 1);
	assert_int_equal(kernel_tag_choose(NULL, 0, 0, EXPECTED_DIR, &choice, error, sizeof error), 0);
	assert_string_equal(choice.rule, KERNEL_TAG_VARIABLE);
	unsetenv(KERNEL_TAG_VARIABLE);
	assert_int_equal(kernel_tag_choose(NULL, 1, 0, EXPECTED_DIR, &choice, error, sizeof error), 0);
	assert_string_equal(choice.tag, "");
	/* Malformed, a libc's, unknown (allowed only when recording). */
	assert_int_equal(kernel_tag_choose("Linux 6.1", 0, 0, EXPECTED_DIR, &choice, error, sizeof error), -1);
	assert_non_null(strstr(error, "'Linux 6.1' is not a kernel tag"));
	assert_int_equal(kernel_tag_choose("musl", 0, 0, EXPECTED_DIR, &choice, error, sizeof error), -1);
	assert_int_equal(kernel_tag_choose("vendor-x", 0, 0, EXPECTED_DIR, &choice, error, sizeof error), -1);
	assert_non_null(strstr(error, "no golden under"));
	assert_int_equal(kernel_tag_choose("vendor-x", 0, 1, EXPECTED_DIR, &choice, error, sizeof error), 0);
	unsetenv(KERNEL_RELEASE_VARIABLE);
}

static const char main_text[] =
	"# lesson/v=0\n"
	"grid g\n"
	"       a  b\n"
	"  x    0  0\n"
	"  y    0  EADDRINUSE\n";
static const char other_text[] =
	"# lesson/v=0\n"
	"grid g\n"
	"       a  b\n"
	"  x    0  0\n"
	"  y    0  0\n";

struct fixture {
	char dir[64];
	struct scenario scenario;
	struct case_def c;
	char main_path[256];
};

static void make_fixture(struct fixture *f)
{
	snprintf(f->dir, sizeof f->dir, "/tmp/dslab-judge-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	f->scenario = (struct scenario){.name = "lesson"};
	f->c = (struct case_def){.scenario = &f->scenario};
	snprintf(f->c.variant_name, sizeof f->c.variant_name, "v=0");
	snprintf(f->c.name, sizeof f->c.name, "lesson/v=0");
	golden_path_of(f->main_path, sizeof f->main_path, f->dir, &f->c);
	assert_int_equal(golden_write_atomic(f->main_path, main_text), 0);
}

static void remove_fixture(struct fixture *f)
{
	char command[128];
	snprintf(command, sizeof command, "rm -rf '%s'", f->dir);
	assert_int_equal(system(command), 0);
}

static void write_override(struct fixture *f, const char *tag, const char *header_base,
			   const char *body)
{
	char path[300], text[1024];
	golden_override_path(f->main_path, tag, path, sizeof path);
	snprintf(text, sizeof text, "#@%s differs from %s: cell (y, b)\n%s", tag, header_base, body);
	assert_int_equal(golden_write_atomic(path, text), 0);
}

static enum judgement judge(struct fixture *f, const char *actual, const char *tag1,
			    const char *tag2, struct golden_judgement *j)
{
	struct golden_tags tags = {0};
	golden_tags_add(&tags, tag1);
	golden_tags_add(&tags, tag2);
	return golden_judge(f->dir, &f->c, actual, &tags, UPDATE_NONE, NULL, j);
}

static void verdicts(void **state)
{
	(void)state;
	struct fixture f;
	struct golden_judgement j;
	make_fixture(&f);
	assert_int_equal(judge(&f, main_text, "linux-6.1", NULL, &j), JUDGED_SAME);
	golden_judgement_free(&j);
	/* No override: a difference, named by its cell. */
	assert_int_equal(judge(&f, other_text, "linux-6.1", NULL, &j), JUDGED_DIFFERS);
	assert_string_equal(j.reason, "cell (y, b) EADDRINUSE -> 0");
	golden_judgement_free(&j);
	write_override(&f, "linux-6.1", "v=0.golden", other_text);
	assert_int_equal(judge(&f, other_text, "linux-6.1", NULL, &j), JUDGED_RECORDED);
	assert_string_equal(j.recorded_tag, "linux-6.1");
	golden_judgement_free(&j);
	/* The override does not apply to another kernel. */
	assert_int_equal(judge(&f, other_text, "linux-6.12", NULL, &j), JUDGED_DIFFERS);
	golden_judgement_free(&j);
	/* One cell of the override changed: it fails against the override, naming that cell. */
	assert_int_equal(judge(&f, main_text, "linux-6.1", NULL, &j), JUDGED_SAME);
	golden_judgement_free(&j);
	static const char third[] = "# lesson/v=0\ngrid g\n       a       b\n  x    EACCES  0\n"
				    "  y    0       0\n";
	assert_int_equal(judge(&f, third, "linux-6.1", NULL, &j), JUDGED_DIFFERS);
	assert_non_null(strstr(j.compared_path, "v=0@linux-6.1.golden"));
	assert_string_equal(j.reason, "cell (x, a) 0 -> EACCES");
	golden_judgement_free(&j);
	/* Two overrides that both claim the run: bad input. */
	write_override(&f, "vendor-x", "v=0.golden", other_text);
	assert_int_equal(judge(&f, other_text, "linux-6.1", "vendor-x", &j), JUDGED_BAD);
	assert_non_null(strstr(j.reason, "two recorded differences claim this run"));
	golden_judgement_free(&j);
	/* An override whose header names another case's golden. */
	write_override(&f, "vendor-y", "v=1.golden", other_text);
	assert_int_equal(judge(&f, other_text, "vendor-y", NULL, &j), JUDGED_BAD);
	assert_non_null(strstr(j.reason, "names another case's golden"));
	golden_judgement_free(&j);
	remove_fixture(&f);
}

static void updates(void **state)
{
	(void)state;
	struct fixture f;
	struct golden_judgement j;
	make_fixture(&f);
	/* Recording a kernel's difference writes the override, never the main golden. */
	assert_int_equal(golden_judge(f.dir, &f.c, other_text, NULL, UPDATE_OVERRIDE, "linux-6.1", &j),
			 JUDGED_UPDATED);
	assert_string_equal(j.recorded_tag, "linux-6.1");
	golden_judgement_free(&j);
	char *text = read_text(f.main_path);
	assert_string_equal(text, main_text);
	free(text);
	assert_int_equal(golden_judge(f.dir, &f.c, other_text, NULL, UPDATE_OVERRIDE, "linux-6.1", &j),
			 JUDGED_RECORDED);
	golden_judgement_free(&j);
	/* The main golden: only with UPDATE_MAIN. */
	assert_int_equal(golden_judge(f.dir, &f.c, other_text, NULL, UPDATE_MAIN, NULL, &j), JUDGED_UPDATED);
	golden_judgement_free(&j);
	text = read_text(f.main_path);
	assert_string_equal(text, other_text);
	free(text);
	/* No main golden: nothing to record a difference against. */
	unlink(f.main_path);
	assert_int_equal(golden_judge(f.dir, &f.c, other_text, NULL, UPDATE_OVERRIDE, "linux-6.1", &j),
			 JUDGED_BAD);
	golden_judgement_free(&j);
	assert_int_equal(golden_judge(f.dir, &f.c, other_text, NULL, UPDATE_NONE, NULL, &j), JUDGED_BAD);
	assert_non_null(strstr(j.reason, "no golden file"));
	golden_judgement_free(&j);
	remove_fixture(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tag_by_version),
		cmocka_unit_test(libc_tag_by_version),
		cmocka_unit_test(another_glibc),
		cmocka_unit_test(real_goldens_per_release),
		cmocka_unit_test(explicit_tags),
		cmocka_unit_test(verdicts),
		cmocka_unit_test(updates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
