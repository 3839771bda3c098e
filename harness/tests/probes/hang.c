/* Test probe: reports one call, then never ends (a scenario that hangs). */
#include <unistd.h>

#include "lesson.h"

int main(void)
{
	report_note("about to hang");
	for (;;)
		pause();
}
