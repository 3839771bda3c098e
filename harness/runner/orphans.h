/* orphans: processes a case leaves behind.
 *
 * dslab makes itself a child subreaper, so a scenario's children that
 * outlive it (even ones that left its process group with setsid) become
 * dslab's children instead of init's, and can be ended when their case is. */
#ifndef DSLAB_ORPHANS_H
#define DSLAB_ORPHANS_H

#include <stddef.h>
#include <sys/types.h>

/* Become the subreaper of everything dslab starts. Returns 0 or -1. */
int orphans_adopt(void);

/* Kill (SIGKILL) and reap every child of dslab that is not one of the
 * running cases' own processes and not inside one of their network
 * namespaces (those belong to a case still running). Returns how many. */
size_t orphans_end(const pid_t *running, size_t running_count);

#endif
