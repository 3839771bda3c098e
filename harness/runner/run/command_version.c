/* dslab --version: the project's version and the commit this dslab was
 * built from (version.h), one line. */
#include <stdio.h>

#include "command.h"
#include "version.h"

int command_version(const struct command_context *c)
{
	(void)c;
	printf("dslab (dualstack-lab) %s, commit %s\n", dslab_version, dslab_commit);
	return EXIT_PASS;
}
