/* grow_to_fit: the growing arrays' one way to make room. */
#include "unit_test.h"

#include "growth.h"

static void test_doubles_from_initial(void **state)
{
	(void)state;
	size_t capacity = 0;
	int *items = grow_to_fit(NULL, 1, &capacity, sizeof *items, 16, 0);
	assert_non_null(items);
	assert_int_equal(capacity, 16);
	/* Room already there: the same block, the same capacity. */
	assert_ptr_equal(grow_to_fit(items, 16, &capacity, sizeof *items, 16, 0), items);
	assert_int_equal(capacity, 16);
	items = grow_to_fit(items, 17, &capacity, sizeof *items, 16, 0);
	assert_non_null(items);
	assert_int_equal(capacity, 32);
	/* Several doublings at once, as a byte buffer needs for a long append. */
	items = grow_to_fit(items, 1000, &capacity, sizeof *items, 16, 0);
	assert_non_null(items);
	assert_int_equal(capacity, 1024);
	items[999] = 7;
	free(items);
}

static void test_null_is_always_allocated(void **state)
{
	(void)state;
	/* Nothing needed yet, but callers take NULL as failure. */
	size_t capacity = 0;
	char *buffer = grow_to_fit(NULL, 0, &capacity, 1, 1024, 0);
	assert_non_null(buffer);
	assert_int_equal(capacity, 1024);
	free(buffer);
}

static void test_limit_and_overflow_leave_items_alone(void **state)
{
	(void)state;
	size_t capacity = 0;
	int *items = grow_to_fit(NULL, 4, &capacity, sizeof *items, 4, 8);
	assert_non_null(items);
	items = grow_to_fit(items, 8, &capacity, sizeof *items, 4, 8);
	assert_non_null(items);
	assert_int_equal(capacity, 8);
	/* Past the limit: refused, the old block and capacity stay. */
	assert_null(grow_to_fit(items, 9, &capacity, sizeof *items, 4, 8));
	assert_int_equal(capacity, 8);
	items[7] = 1;
	/* More elements than size_t can count in bytes. */
	assert_null(grow_to_fit(items, SIZE_MAX / 2, &capacity, sizeof *items, 4, 0));
	assert_int_equal(capacity, 8);
	free(items);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_doubles_from_initial),
	cmocka_unit_test(test_null_is_always_allocated),
	cmocka_unit_test(test_limit_and_overflow_leave_items_alone),
};

UNIT_TEST_MAIN(tests)
