#include "parent_namespace.h"

#include <errno.h>
#include <sched.h>
#include <stddef.h>

#include "user_namespace.h"

/* Sized for a lesson (a few dozen sockets); powers of two within what the
 * kernel accepts (tcp: 128..16M, udp: 256..64K). */
static const struct {
	const char *path, *value;
} child_tables[] = {
	{"/proc/sys/net/ipv4/tcp_child_ehash_entries", "1024"},
	{"/proc/sys/net/ipv4/udp_child_hash_entries", "256"},
};

int parent_namespace_enter(void)
{
	if (unshare(CLONE_NEWNET) != 0) {
		const char *failed;
		if (errno != EPERM || user_namespace_enter(&failed) != 0)
			return 0; /* the cases make their own way (or skip with a hint) */
	}
	int tables = 0;
	for (size_t i = 0; i < sizeof child_tables / sizeof child_tables[0]; i++)
		if (write_text_file(child_tables[i].path, child_tables[i].value) == 0)
			tables++;
	/* A kernel without these sysctls (before 6.1 and 6.2) gives every
	 * namespace the shared tables: slower, the same results. */
	return tables ? 2 : 1;
}
