/* Goldens: golden_check_text, golden_read, golden_write_atomic and
 * golden_diff, on files in a temporary directory. */
#include "unit_test.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include "golden.h"

static const char crlf_message[] = "CRLF line endings (the file must use \\n only)";
static const char binary_message[] = "binary content (control characters or NUL)";

/* A fresh directory per test; removed with everything in it afterwards. */
static int make_directory(void **state)
{
	char *dir = malloc(64);
	if (!dir)
		return -1;
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, 64, "%s/dslab-golden-XXXXXX", tmp && strlen(tmp) < 40 ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		free(dir);
		return -1;
	}
	*state = dir;
	return 0;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int remove_directory(void **state)
{
	char *dir = *state;
	int rc = nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
	return rc;
}

static void path_in(char *out, size_t size, const char *dir, const char *name)
{
	int n = snprintf(out, size, "%s/%s", dir, name);
	assert_true(n > 0 && (size_t)n < size);
}

static void write_file(const char *path, const char *bytes, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(bytes, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static char *read_whole(const char *path)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char *text = calloc(1, 65536);
	assert_non_null(text);
	size_t n = fread(text, 1, 65535, f);
	fclose(f);
	text[n] = '\0';
	return text;
}

/* How many entries dir has (not . and ..), or how many with a name containing `containing`. */
static size_t count_entries(const char *dir, const char *containing)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
		    (!containing || strstr(e->d_name, containing)))
			n++;
	closedir(d);
	return n;
}

/* --- golden_check_text --- */

#define CHECK(literal) golden_check_text(literal, sizeof literal - 1)

static void test_check_text(void **state)
{
	(void)state;
	assert_null(CHECK("# seed\nline\n"));
	assert_null(CHECK("\n"));
	assert_null(CHECK("tab\there\n"));
	assert_null(CHECK("caf\xc3\xa9 \xe2\x86\x92 ok\n")); /* UTF-8 */
	assert_null(CHECK("  file  state\n\n\nblank lines are fine\n"));

	assert_string_equal(golden_check_text("", 0), "empty file");
	assert_string_equal(golden_check_text("x", 0), "empty file");
	assert_string_equal(CHECK("a\r\nb\r\n"), crlf_message);
	assert_string_equal(CHECK("a\nb\r\n"), crlf_message);
	assert_string_equal(CHECK("a\0b\n"), binary_message);
	assert_string_equal(CHECK("\0"), binary_message);
	assert_string_equal(CHECK("bell\a\n"), binary_message);
	assert_string_equal(CHECK("escape \033[1m\n"), binary_message);
	assert_string_equal(CHECK("delete\177\n"), binary_message);
	assert_string_equal(CHECK("form\ffeed\n"), binary_message);
	assert_string_equal(CHECK("vertical\vtab\n"), binary_message);
	assert_string_equal(CHECK("no newline"), "no trailing newline");
	assert_string_equal(CHECK("a\nb"), "no trailing newline");
	/* The whole text is checked, not only up to a NUL. */
	assert_string_equal(CHECK("fine\n\0"), binary_message);
	/* A NUL-terminated text is checked for len bytes only. */
	assert_null(golden_check_text("line\ntrailing", 5));
}

/* golden.h: "UTF-8-clean printable text". Bytes that are not UTF-8 (Latin-1
 * text, a lone continuation byte, a truncated sequence) pass today. */
static void check_text_rejects_non_utf8(void **state)
{
	(void)state;
	assert_non_null(CHECK("caf\xe9\n"));
	assert_non_null(CHECK("\x80\n"));
	assert_non_null(CHECK("\xe2\x86\n"));
	assert_non_null(CHECK("\xff\xfe\n"));
}

/* --- golden_read --- */

static void test_read_missing(void **state)
{
	char path[256];
	path_in(path, sizeof path, *state, "absent.golden");
	char *text = (char *)"untouched";
	char why[128] = "untouched";
	assert_int_equal(golden_read(path, &text, why, sizeof why), GOLDEN_MISSING);
	assert_string_equal(text, "untouched");
	/* In a directory that is missing too. */
	path_in(path, sizeof path, *state, "no/such/dir/x.golden");
	assert_int_equal(golden_read(path, &text, why, sizeof why), GOLDEN_MISSING);
}

static void test_read_bad(void **state)
{
	static const struct {
		const char *bytes;
		size_t len;
		const char *why;
	} cases[] = {
		{"a\r\n", 3, crlf_message},
		{"a\0b\n", 4, binary_message},
		{"", 0, "empty file"},
		{"no newline", 10, "no trailing newline"},
		{"\x1b[31mred\x1b[0m\n", 13, binary_message},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char path[256];
		path_in(path, sizeof path, *state, "bad.golden");
		write_file(path, cases[i].bytes, cases[i].len);
		char *text = NULL;
		char why[128] = "";
		assert_int_equal(golden_read(path, &text, why, sizeof why), GOLDEN_BAD);
		assert_null(text);
		assert_string_equal(why, cases[i].why);
	}

	/* A directory where the file should be. */
	char path[256];
	path_in(path, sizeof path, *state, "dir.golden");
	assert_int_equal(mkdir(path, 0755), 0);
	char *text = NULL;
	char why[128] = "";
	assert_int_equal(golden_read(path, &text, why, sizeof why), GOLDEN_BAD);
	assert_null(text);
	assert_non_null(strstr(why, "not a regular file"));

	/* Larger than GOLDEN_MAX_BYTES (a sparse file). */
	path_in(path, sizeof path, *state, "huge.golden");
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, GOLDEN_MAX_BYTES + 1), 0);
	close(fd);
	why[0] = '\0';
	assert_int_equal(golden_read(path, &text, why, sizeof why), GOLDEN_BAD);
	assert_null(text);
	assert_non_null(strstr(why, "at most"));

	/* A small why buffer: cut, still a string. */
	path_in(path, sizeof path, *state, "bad.golden");
	write_file(path, "a\r\n", 3);
	char small[8];
	memset(small, 'z', sizeof small);
	assert_int_equal(golden_read(path, &text, small, sizeof small), GOLDEN_BAD);
	assert_int_equal(small[sizeof small - 1], '\0');
	assert_memory_equal(small, crlf_message, sizeof small - 1);
}

static void test_read_good(void **state)
{
	char path[256];
	path_in(path, sizeof path, *state, "good.golden");
	static const char content[] = "# seed_v4v6/bindv6only=0\nserver = socket()\n";
	write_file(path, content, sizeof content - 1);
	char *text = NULL;
	char why[128] = "untouched";
	assert_int_equal(golden_read(path, &text, why, sizeof why), GOLDEN_OK);
	assert_non_null(text);
	assert_string_equal(text, content);
	assert_string_equal(why, "untouched");
	free(text);

	/* Exactly GOLDEN_MAX_BYTES is allowed. */
	char *big = malloc(GOLDEN_MAX_BYTES);
	assert_non_null(big);
	memset(big, 'x', GOLDEN_MAX_BYTES);
	for (size_t i = 99; i < GOLDEN_MAX_BYTES; i += 100)
		big[i] = '\n';
	big[GOLDEN_MAX_BYTES - 1] = '\n';
	path_in(path, sizeof path, *state, "big.golden");
	write_file(path, big, GOLDEN_MAX_BYTES);
	assert_int_equal(golden_read(path, &text, why, sizeof why), GOLDEN_OK);
	assert_int_equal(strlen(text), GOLDEN_MAX_BYTES);
	assert_memory_equal(text, big, GOLDEN_MAX_BYTES);
	free(text);
	free(big);
}

/* --- golden_write_atomic --- */

static void test_write_atomic(void **state)
{
	const char *dir = *state;
	char path[256];
	path_in(path, sizeof path, dir, "case.golden");

	assert_int_equal(golden_write_atomic(path, "first\n"), 0);
	char *text = read_whole(path);
	assert_string_equal(text, "first\n");
	free(text);

	/* Replacing a file. */
	assert_int_equal(golden_write_atomic(path, "second, longer text\nline 2\n"), 0);
	text = read_whole(path);
	assert_string_equal(text, "second, longer text\nline 2\n");
	free(text);
	assert_int_equal(golden_write_atomic(path, "3\n"), 0);
	text = read_whole(path);
	assert_string_equal(text, "3\n");
	free(text);

	/* Readable by everyone, whatever mkostemp chose. */
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);

	/* The empty text is a (zero-length) file too. */
	assert_int_equal(golden_write_atomic(path, ""), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 0);

	/* Nothing else is left in the directory. */
	assert_int_equal(count_entries(dir, GOLDEN_TEMPORARY_INFIX), 0);
	assert_int_equal(count_entries(dir, NULL), 1);
}

static void test_write_creates_one_level(void **state)
{
	const char *dir = *state;
	char path[256], sub[256];
	path_in(sub, sizeof sub, dir, "seed_v4v6");
	path_in(path, sizeof path, dir, "seed_v4v6/bindv6only=0.golden");
	assert_int_equal(golden_write_atomic(path, "made\n"), 0);
	struct stat st;
	assert_int_equal(stat(sub, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	char *text = read_whole(path);
	assert_string_equal(text, "made\n");
	free(text);
	assert_int_equal(count_entries(sub, NULL), 1);
	/* And into the directory that now exists. */
	path_in(path, sizeof path, dir, "seed_v4v6/bindv6only=1.golden");
	assert_int_equal(golden_write_atomic(path, "second\n"), 0);
	assert_int_equal(count_entries(sub, NULL), 2);
	assert_int_equal(count_entries(sub, GOLDEN_TEMPORARY_INFIX), 0);
}

static void test_write_fails_cleanly(void **state)
{
	const char *dir = *state;
	char path[256];
	/* Two missing levels: refused, nothing created. */
	path_in(path, sizeof path, dir, "a/b/c.golden");
	errno = 0;
	assert_int_equal(golden_write_atomic(path, "text\n"), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(count_entries(dir, NULL), 0);

	/* The target is a directory: rename fails, the temporary file goes. */
	char target[256];
	path_in(target, sizeof target, dir, "taken.golden");
	assert_int_equal(mkdir(target, 0755), 0);
	path_in(path, sizeof path, target, "inside");
	write_file(path, "x", 1); /* a non-empty directory cannot be replaced */
	errno = 0;
	assert_int_equal(golden_write_atomic(target, "text\n"), -1);
	assert_true(errno != 0);
	assert_int_equal(count_entries(dir, NULL), 1);
	assert_int_equal(count_entries(dir, GOLDEN_TEMPORARY_INFIX), 0);

	/* The parent is a file. */
	char file[256];
	path_in(file, sizeof file, dir, "plain");
	write_file(file, "x", 1);
	path_in(path, sizeof path, dir, "plain/x.golden");
	errno = 0;
	assert_int_equal(golden_write_atomic(path, "text\n"), -1);
	assert_int_equal(errno, ENOTDIR);
	assert_int_equal(count_entries(dir, NULL), 2);
}

static void test_sweep_temporaries(void **state)
{
	const char *dir = *state;
	char path[256];
	static const char *const names[] = {
		"bindv6only=0.golden", "bindv6only=0.golden" GOLDEN_TEMPORARY_INFIX "123.0",
		"bindv6only=1.golden" GOLDEN_TEMPORARY_INFIX "4567.12", "notes.txt"};
	for (size_t i = 0; i < 4; i++) {
		path_in(path, sizeof path, dir, names[i]);
		write_file(path, "x\n", 2);
	}
	/* A directory is not swept. */
	path_in(path, sizeof path, dir, "sub" GOLDEN_TEMPORARY_INFIX "dir");
	assert_int_equal(mkdir(path, 0755), 0);
	assert_int_equal(golden_sweep_temporaries(dir), 2);
	assert_int_equal(count_entries(dir, NULL), 3);
	assert_int_equal(count_entries(dir, ".golden"), 1);
	struct stat st;
	path_in(path, sizeof path, dir, "bindv6only=0.golden");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(golden_sweep_temporaries(dir), 0);
	/* A directory that does not exist has nothing to sweep. */
	path_in(path, sizeof path, dir, "absent");
	assert_int_equal(golden_sweep_temporaries(path), 0);
}

/* --- golden_diff --- */

static void test_diff(void **state)
{
	const char *dir = *state;
	char expected[256], actual[256];
	path_in(expected, sizeof expected, dir, "expected.golden");
	path_in(actual, sizeof actual, dir, "actual.txt");
	static const char old_text[] = "# case\nline one\nconnect(c) = 0\nline three\n";
	static const char new_text[] = "# case\nline one\nconnect(c) = ECONNREFUSED\nline three\n";
	write_file(expected, old_text, sizeof old_text - 1);
	write_file(actual, new_text, sizeof new_text - 1);

	char *diff = golden_diff(expected, actual, "expected/case", "actual/case");
	assert_non_null(diff);
	assert_non_null(strstr(diff, "--- expected/case\n"));
	assert_non_null(strstr(diff, "+++ actual/case\n"));
	assert_non_null(strstr(diff, "\n-connect(c) = 0\n"));
	assert_non_null(strstr(diff, "\n+connect(c) = ECONNREFUSED\n"));
	assert_non_null(strstr(diff, "\n line one\n")); /* context */
	assert_non_null(strstr(diff, "@@ "));
	assert_null(strstr(diff, "-line one"));
	free(diff);

	/* The same file: no differences, no text. */
	diff = golden_diff(expected, expected, "a", "b");
	assert_non_null(diff);
	assert_string_equal(diff, "");
	free(diff);

	/* Labels with spaces and odd characters stay one argument each. */
	diff = golden_diff(expected, actual, "label with spaces; $(x)", "b");
	assert_non_null(diff);
	assert_non_null(strstr(diff, "--- label with spaces; $(x)\n"));
	free(diff);
}

/* golden.h: "NULL on error". With a file missing, diff exits 2 and prints
 * only to stderr; golden_diff ignores the exit status and returns "". */
static void diff_of_missing_file_is_null(void **state)
{
	const char *dir = *state;
	char expected[256], missing[256];
	path_in(expected, sizeof expected, dir, "expected.golden");
	path_in(missing, sizeof missing, dir, "missing.txt");
	write_file(expected, "a\n", 2);
	char *diff = golden_diff(expected, missing, "a", "b");
	if (diff) {
		size_t len = strlen(diff);
		free(diff);
		fail_msg("a diff against a missing file gave %zu bytes of text, not NULL", len);
	}
}

#define DIRECTORY_TEST(f) cmocka_unit_test_setup_teardown(f, make_directory, remove_directory)

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_check_text),
	DIRECTORY_TEST(test_read_missing),
	DIRECTORY_TEST(test_read_bad),
	DIRECTORY_TEST(test_read_good),
	DIRECTORY_TEST(test_write_atomic),
	DIRECTORY_TEST(test_write_creates_one_level),
	DIRECTORY_TEST(test_write_fails_cleanly),
	DIRECTORY_TEST(test_sweep_temporaries),
	DIRECTORY_TEST(test_diff),
	cmocka_unit_test(check_text_rejects_non_utf8),
	DIRECTORY_TEST(diff_of_missing_file_is_null),
};

UNIT_TEST_MAIN(tests)
