/* Shared helpers of the cmocka unit tests: fixture files and the main()
 * that every test binary uses. */
#ifndef DSLAB_UNIT_TEST_H
#define DSLAB_UNIT_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#ifndef FIXTURE_DIR
#error "FIXTURE_DIR must be defined by the build (harness/tests/unit/CMakeLists.txt)"
#endif

/* The whole of a fixture file, NUL-terminated (the NUL is not counted in
 * *len). Fails the running test if it cannot be read. */
static inline char *fixture_read(const char *name, size_t *len)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", FIXTURE_DIR, name);
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open fixture %s", path);
	size_t capacity = 4096, used = 0;
	char *text = malloc(capacity);
	assert_non_null(text);
	for (;;) {
		size_t got = fread(text + used, 1, capacity - used - 1, f);
		used += got;
		if (got == 0)
			break;
		if (capacity - used - 1 == 0) {
			capacity *= 2;
			text = realloc(text, capacity);
			assert_non_null(text);
		}
	}
	int error = ferror(f);
	fclose(f);
	if (error)
		fail_msg("cannot read fixture %s", path);
	text[used] = '\0';
	*len = used;
	return text;
}

/* The recorded fixtures are little-endian: /proc prints address words in
 * host byte order and netlink headers are in host byte order. */
static inline void require_little_endian(void)
{
#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
	skip();
#endif
}

/* A directory of its own for a test that writes files: unit_make_scratch
 * as its setup makes one under /tmp, unit_scratch() names it, and
 * unit_remove_scratch as its teardown removes it with all it holds. */
static inline char *unit_scratch(void)
{
	static char path[64];
	return path;
}

static inline int unit_make_scratch(void **state)
{
	(void)state;
	snprintf(unit_scratch(), 64, "/tmp/dslab-unit.XXXXXX");
	return mkdtemp(unit_scratch()) ? 0 : -1;
}

static inline int unit_remove_scratch(void **state)
{
	(void)state;
	char command[128];
	snprintf(command, sizeof command, "rm -rf '%s'", unit_scratch());
	return system(command) == 0 ? 0 : -1;
}

/* main(): no argument runs every test; one argument is a cmocka filter
 * ("truncated_*"). */
#define UNIT_TEST_MAIN(tests)                                                  \
	int main(int argc, char **argv)                                        \
	{                                                                      \
		if (argc > 1)                                                  \
			cmocka_set_test_filter(argv[1]);                       \
		return cmocka_run_group_tests(tests, NULL, NULL);              \
	}

#endif
