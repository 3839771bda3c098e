/* Entering a user namespace with a network namespace, as an ordinary user:
 * root inside, mapped to the caller's own uid and gid only (setgroups
 * denied, as the kernel requires for an unprivileged gid map). Used by the
 * runner for its parent namespace (parent_namespace.h) and by a case's
 * child where even that is refused (isolate.c). */
#ifndef DSLAB_USER_NAMESPACE_H
#define DSLAB_USER_NAMESPACE_H

/* 0, or -1 with errno set and *failed naming the step: "unshare",
 * "/proc/self/setgroups", "/proc/self/uid_map" or "/proc/self/gid_map". */
int user_namespace_enter(const char **failed);

/* Write text to an existing file (a /proc or /sys entry) in one write();
 * 0, or -1 with errno set. */
int write_text_file(const char *path, const char *text);

#endif
