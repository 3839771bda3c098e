/* state_dir: which directory an installed dslab writes to, and the checks
 * that keep a shared /tmp one this user's own. */
#include "unit_test.h"

#include <sys/stat.h>
#include <unistd.h>

#include "state_dir.h"

static void test_choose(void **state)
{
	(void)state;
	char dir[PATH_MAX], expected[PATH_MAX + 32];
	int shared = -1;
	/* XDG_STATE_HOME first, where it is absolute. */
	setenv("XDG_STATE_HOME", "/xdg/state", 1);
	setenv("HOME", unit_scratch(), 1);
	assert_int_equal(state_dir_choose(dir, &shared), 0);
	assert_string_equal(dir, "/xdg/state/dslab");
	assert_int_equal(shared, 0);
	/* A relative one is ignored (the XDG base directory spec): HOME's. */
	setenv("XDG_STATE_HOME", "relative", 1);
	assert_int_equal(state_dir_choose(dir, &shared), 0);
	snprintf(expected, sizeof expected, "%s/.local/state/dslab", unit_scratch());
	assert_string_equal(dir, expected);
	assert_int_equal(shared, 0);
	/* No HOME, or one that is no directory (nobody's /nonexistent): TMPDIR's. */
	unsetenv("XDG_STATE_HOME");
	setenv("HOME", "/nonexistent/dslab-test", 1);
	setenv("TMPDIR", unit_scratch(), 1);
	assert_int_equal(state_dir_choose(dir, &shared), 0);
	snprintf(expected, sizeof expected, "%s/dslab-%lu", unit_scratch(), (unsigned long)geteuid());
	assert_string_equal(dir, expected);
	assert_int_equal(shared, 1);
	unsetenv("HOME");
	unsetenv("TMPDIR");
	assert_int_equal(state_dir_choose(dir, &shared), 0);
	snprintf(expected, sizeof expected, "/tmp/dslab-%lu", (unsigned long)geteuid());
	assert_string_equal(dir, expected);
	assert_int_equal(shared, 1);
}

static void test_claim(void **state)
{
	(void)state;
	char dir[256], why[512];
	struct stat st;
	/* Made 0700 where it is not there; taken again as it is. */
	snprintf(dir, sizeof dir, "%s/mine", unit_scratch());
	assert_int_equal(state_dir_claim(dir, why, sizeof why), 0);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_int_equal(state_dir_claim(dir, why, sizeof why), 0);
	/* Others may read it: refused, in one line naming it. */
	assert_int_equal(chmod(dir, 0755), 0);
	assert_int_equal(state_dir_claim(dir, why, sizeof why), -1);
	assert_non_null(strstr(why, dir));
	assert_null(strchr(why, '\n'));
	/* A symlink, even to a directory of this user's: refused. */
	snprintf(dir, sizeof dir, "%s/planted", unit_scratch());
	assert_int_equal(symlink(unit_scratch(), dir), 0);
	assert_int_equal(state_dir_claim(dir, why, sizeof why), -1);
	assert_non_null(strstr(why, "not a private directory"));
	/* A file: refused. */
	snprintf(dir, sizeof dir, "%s/file", unit_scratch());
	FILE *f = fopen(dir, "w");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(state_dir_claim(dir, why, sizeof why), -1);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test_setup_teardown(test_choose, unit_make_scratch, unit_remove_scratch),
	cmocka_unit_test_setup_teardown(test_claim, unit_make_scratch, unit_remove_scratch),
};

UNIT_TEST_MAIN(tests)
