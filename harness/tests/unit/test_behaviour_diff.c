/* behaviour_diff: a grid cell that changes is reported as that cell, even
 * when the column grows wider; plain lines as lines; equal text as nothing.
 * And the override goldens (<variant>@<tag>.golden) it feeds. */
#include "unit_test.h"

#include <unistd.h>

#include "behaviour_diff.h"
#include "golden.h"

static const char grid_main[] =
	"# bind_matrix_tcp/x\n"
	"bind(probe, [::1]:19999) = 0\n"
	"grid no reuse, second socket AF_INET6\n"
	"                    [::]              [::ffff:127.0.0.1]\n"
	"  [::ffff:0.0.0.0]  0/EADDRINUSE/0/-  0/EADDRINUSE/0/-\n"
	"  [::1] v6only=1    0/EADDRINUSE/0/-  0/0/0/0 v4:2nd v6:1st\n"
	"close(probe) = 0\n";

/* 6.1's answer: one cell changes, and is wider than the old column. */
static const char grid_other[] =
	"# bind_matrix_tcp/x\n"
	"bind(probe, [::1]:19999) = 0\n"
	"grid no reuse, second socket AF_INET6\n"
	"                    [::]              [::ffff:127.0.0.1]\n"
	"  [::ffff:0.0.0.0]  0/EADDRINUSE/0/-  0/0/0/0 v4:2nd v6:none\n"
	"  [::1] v6only=1    0/EADDRINUSE/0/-  0/0/0/0 v4:2nd v6:1st\n"
	"close(probe) = EBADF\n";

static void cell_and_line(void **state)
{
	(void)state;
	struct diff_list d;
	assert_int_equal(behaviour_diff(grid_main, grid_other, &d), 0);
	assert_int_equal(d.count, 2);
	assert_int_equal(d.item[0].kind, DIFF_CELL);
	assert_string_equal(d.item[0].grid, "no reuse, second socket AF_INET6");
	assert_string_equal(d.item[0].row, "[::ffff:0.0.0.0]");
	assert_string_equal(d.item[0].column, "[::ffff:127.0.0.1]");
	assert_string_equal(d.item[0].expected, "0/EADDRINUSE/0/-");
	assert_string_equal(d.item[0].actual, "0/0/0/0 v4:2nd v6:none");
	assert_int_equal(d.item[0].line, 5);
	assert_int_equal(d.item[1].kind, DIFF_LINE);
	assert_string_equal(d.item[1].expected, "close(probe) = 0");
	assert_string_equal(d.item[1].actual, "close(probe) = EBADF");
	char summary[256];
	behaviour_diff_summary(&d, summary, sizeof summary);
	assert_string_equal(summary, "cell ([::ffff:0.0.0.0], [::ffff:127.0.0.1]) 0/EADDRINUSE/0/- -> "
				     "0/0/0/0 v4:2nd v6:none; line 7 changed: close(probe)");
	diff_list_free(&d);
}

static void equal_is_nothing(void **state)
{
	(void)state;
	struct diff_list d;
	assert_int_equal(behaviour_diff(grid_main, grid_main, &d), 0);
	assert_int_equal(d.count, 0);
	diff_list_free(&d);
}

static void lines_gone_and_added(void **state)
{
	(void)state;
	struct diff_list d;
	assert_int_equal(behaviour_diff("a\nb\nc\n", "a\nc\nd\n", &d), 0);
	assert_int_equal(d.count, 2);
	assert_string_equal(d.item[0].expected, "b");
	assert_null(d.item[0].actual);
	assert_null(d.item[1].expected);
	assert_string_equal(d.item[1].actual, "d");
	diff_list_free(&d);
}

/* Override goldens: the path, the header, and reading one back. */
static void overrides(void **state)
{
	(void)state;
	char dir[] = "/tmp/dslab-override-XXXXXX", main_path[128], path[160];
	assert_non_null(mkdtemp(dir));
	snprintf(main_path, sizeof main_path, "%s/bindv6only=0.golden", dir);
	assert_int_equal(golden_override_path(main_path, "linux-6.1", path, sizeof path), 0);
	assert_non_null(strstr(path, "/bindv6only=0@linux-6.1.golden"));
	assert_int_equal(golden_override_path(main_path, "Bad Tag", path, sizeof path), -1);
	assert_int_equal(golden_write_atomic(main_path, grid_main), 0);

	int changed = 0;
	assert_int_equal(golden_update_override(main_path, grid_main, "linux-6.1", grid_other, &changed), 0);
	assert_true(changed);
	char *text = NULL, why[256];
	golden_override_path(main_path, "linux-6.1", path, sizeof path);
	assert_int_equal(golden_read(path, &text, why, sizeof why), GOLDEN_OK);
	assert_int_equal(strncmp(text, "#@linux-6.1 differs from bindv6only=0.golden: cell (", 52), 0);
	assert_string_equal(strchr(text, '\n') + 1, grid_other); /* the header, then the transcript */
	free(text);
	/* Behaviour back to the main golden's: the stale override goes. */
	assert_int_equal(golden_update_override(main_path, grid_main, "linux-6.1", grid_main, &changed), 0);
	assert_true(changed);
	assert_int_equal(access(path, F_OK), -1);
	unlink(main_path);
	rmdir(dir);
}

/* behaviour_cells: every cell, by the parser the diff uses, labels whole. */
static void cells_of_a_golden(void **state)
{
	(void)state;
	struct diff_list cells;
	assert_int_equal(behaviour_cells(grid_main, &cells), 0);
	assert_int_equal(cells.count, 4);
	assert_string_equal(cells.item[0].grid, "no reuse, second socket AF_INET6");
	assert_string_equal(cells.item[0].row, "[::ffff:0.0.0.0]");
	assert_string_equal(cells.item[1].column, "[::ffff:127.0.0.1]");
	assert_string_equal(cells.item[3].row, "[::1] v6only=1");
	assert_string_equal(cells.item[3].expected, "0/0/0/0 v4:2nd v6:1st");
	assert_null(cells.item[3].actual);
	assert_int_equal(cells.item[3].line, 6);
	diff_list_free(&cells);
	assert_int_equal(behaviour_cells("no grid here\n", &cells), 0);
	assert_int_equal(cells.count, 0);
	diff_list_free(&cells);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cell_and_line),
		cmocka_unit_test(equal_is_nothing),
		cmocka_unit_test(lines_gone_and_added),
		cmocka_unit_test(overrides),
		cmocka_unit_test(cells_of_a_golden),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
