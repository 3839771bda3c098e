/* Test probe: reports one call, then dies of SIGSEGV. */
#include <signal.h>

#include "lesson.h"

int main(void)
{
	report_note("about to crash");
	raise(SIGSEGV);
	return 0;
}
