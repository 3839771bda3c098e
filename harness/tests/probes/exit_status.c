/* Test probe: reports one call, then exits with status 3. */
#include "lesson.h"

int main(void)
{
	report_note("about to exit 3");
	return 3;
}
