#include "socket_options.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static int get_flag(int fd, int level, int name, int *value)
{
	socklen_t len = sizeof *value;
	*value = 0;
	if (getsockopt(fd, level, name, value, &len) != 0)
		return -1;
	*value = *value != 0;
	return 0;
}

int socket_options_read(pid_t pid, int fd, struct socket_options *out, char *why, size_t why_size)
{
	memset(out, 0, sizeof *out);
	int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (pidfd < 0) {
		snprintf(why, why_size, "process %d: %s", (int)pid, strerror(errno));
		return -1;
	}
	int copy = (int)syscall(SYS_pidfd_getfd, pidfd, fd, 0);
	int error = errno;
	close(pidfd);
	if (copy < 0) {
		snprintf(why, why_size, "cannot read the options of fd %d of process %d (pidfd_getfd: %s)",
			 fd, (int)pid, strerror(error));
		return -1;
	}
	struct sockaddr_storage local;
	socklen_t len = sizeof local;
	struct stat st = {0};
	int rc = getsockname(copy, (struct sockaddr *)&local, &len) != 0 || fstat(copy, &st) != 0 ||
		 get_flag(copy, SOL_SOCKET, SO_REUSEADDR, &out->reuseaddr) != 0 ||
		 get_flag(copy, SOL_SOCKET, SO_REUSEPORT, &out->reuseport) != 0;
	/* One flag of the socket for either family (inet_sk's FREEBIND). */
	get_flag(copy, SOL_IP, IP_FREEBIND, &out->freebind);
	out->v6only = -1;
	if (!rc && local.ss_family == AF_INET6)
		rc = get_flag(copy, IPPROTO_IPV6, IPV6_V6ONLY, &out->v6only) != 0;
	error = errno;
	out->uid = st.st_uid;
	close(copy);
	if (rc) {
		snprintf(why, why_size, "getsockopt on fd %d of process %d: %s", fd, (int)pid, strerror(error));
		return -1;
	}
	return 0;
}
