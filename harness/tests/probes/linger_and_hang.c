/* Test probe: leaves a child in a session of its own, then hangs. When
 * dslab is killed meanwhile, neither may survive. */
#include <unistd.h>

#include "lesson.h"

int main(void)
{
	report_note("a child in its own session, and a hang");
	if (fork() == 0) {
		setsid();
		for (;;)
			pause();
	}
	for (;;)
		pause();
}
