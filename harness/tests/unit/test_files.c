/* The runner's file helpers: make_directories, read_whole_file. */
#include "unit_test.h"

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "files.h"

static void write_file(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void test_make_directories(void **state)
{
	(void)state;
	char path[256];
	snprintf(path, sizeof path, "%s/a/b/c", unit_scratch());
	assert_int_equal(make_directories(path), 0);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	/* Again: already there is fine. */
	assert_int_equal(make_directories(path), 0);
	/* A file in the way. */
	snprintf(path, sizeof path, "%s/file", unit_scratch());
	write_file(path, "x", 1);
	snprintf(path, sizeof path, "%s/file/below", unit_scratch());
	assert_int_equal(make_directories(path), -1);
	assert_int_equal(errno, ENOTDIR);
}

static void test_read_whole_file(void **state)
{
	(void)state;
	char path[256];
	size_t len = 99;
	snprintf(path, sizeof path, "%s/empty", unit_scratch());
	write_file(path, "", 0);
	char *text = read_whole_file(path, 10, &len);
	assert_non_null(text);
	assert_int_equal(len, 0);
	assert_string_equal(text, "");
	free(text);

	/* Exactly the limit, and one byte over; NUL bytes are data. */
	snprintf(path, sizeof path, "%s/ten", unit_scratch());
	write_file(path, "0123\0" "56789", 10);
	text = read_whole_file(path, 10, &len);
	assert_non_null(text);
	assert_int_equal(len, 10);
	assert_memory_equal(text, "0123\0" "56789", 11);
	free(text);
	errno = 0;
	assert_null(read_whole_file(path, 9, &len));
	assert_int_equal(errno, EFBIG);

	/* Larger than one read chunk. */
	static char big[200000];
	memset(big, 'x', sizeof big);
	snprintf(path, sizeof path, "%s/big", unit_scratch());
	write_file(path, big, sizeof big);
	text = read_whole_file(path, sizeof big, NULL);
	assert_non_null(text);
	assert_int_equal(strlen(text), sizeof big);
	free(text);

	snprintf(path, sizeof path, "%s/missing", unit_scratch());
	assert_null(read_whole_file(path, 10, &len));
	assert_int_equal(errno, ENOENT);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test_setup_teardown(test_make_directories, unit_make_scratch, unit_remove_scratch),
	cmocka_unit_test_setup_teardown(test_read_whole_file, unit_make_scratch, unit_remove_scratch),
};

UNIT_TEST_MAIN(tests)
