/* Test probe: forks a child that outlives it, holding the channels open. */
#include <unistd.h>

#include "lesson.h"

int main(void)
{
	report_note("leaving a child behind");
	if (fork() == 0) {
		for (;;)
			pause();
	}
	return 0;
}
