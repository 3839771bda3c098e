/* Test probe: a child that leaves the process group (setsid) and lingers. */
#include <unistd.h>

#include "lesson.h"

int main(void)
{
	report_note("leaving a child in a session of its own");
	if (fork() == 0) {
		setsid();
		for (;;)
			pause();
	}
	return 0;
}
