/* socket_options: the options of another process's socket, which no
 * socket table shows (sock_diag reports no SO_REUSEADDR or SO_REUSEPORT):
 * a copy of its descriptor through pidfd_getfd (Linux 5.6; the caller
 * needs ptrace access to the process: its own, or CAP_SYS_PTRACE), then
 * getsockopt on the copy. Nothing is changed on the socket. */
#ifndef DSLAB_SOCKET_OPTIONS_H
#define DSLAB_SOCKET_OPTIONS_H

#include <sys/types.h>

struct socket_options {
	int reuseaddr, reuseport, freebind;
	int v6only;           /* -1 for an AF_INET socket */
	uid_t uid;            /* who made it (the socket inode's owner) */
};

/* Returns 0, or -1 with the reason ("no permission to ...") in why. */
int socket_options_read(pid_t pid, int fd, struct socket_options *out, char *why, size_t why_size);

#endif
