/* Entering a user namespace with a network namespace, as an ordinary user:
 * root inside, mapped to the caller's own uid and gid only (setgroups
 * denied, as the kernel requires for an unprivileged gid map). Used by the
 * runner for its parent namespace (parent_namespace.h) and by a case's
 * init where even that is refused (isolate.c, which makes the namespaces
 * with clone and maps the ids with user_namespace_map_self). */
#ifndef DSLAB_USER_NAMESPACE_H
#define DSLAB_USER_NAMESPACE_H

#include <sys/types.h>

/* 0, or -1 with errno set and *failed naming the step: "unshare",
 * "/proc/self/setgroups", "/proc/self/uid_map" or "/proc/self/gid_map". */
int user_namespace_enter(const char **failed);

/* For a process already in a new user namespace (unshare or clone with
 * CLONE_NEWUSER): map uid and gid, its ids outside (read before it entered:
 * inside, unmapped, they read as the overflow ids), to 0. 0, or -1 with
 * errno set and *failed naming the file. */
int user_namespace_map_self(uid_t uid, gid_t gid, const char **failed);

/* Write text to an existing file (a /proc or /sys entry) in one write();
 * 0, or -1 with errno set. */
int write_text_file(const char *path, const char *text);

#endif
