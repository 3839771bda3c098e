#include "peer.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

int peer_exchange(struct peer *peer, int value)
{
	if (write(peer->channel, &value, sizeof value) != (ssize_t)sizeof value)
		return -1;
	int other;
	ssize_t n;
	while ((n = read(peer->channel, &other, sizeof other)) < 0 && errno == EINTR)
		;
	return n == (ssize_t)sizeof other ? other : -1;
}

int peer_sync(struct peer *peer)
{
	return peer_exchange(peer, 0) == 0 ? 0 : -1;
}

int peer_start(struct peer *peer, int (*program)(struct peer *peer, void *arg), void *arg)
{
	int pair[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0)
		return -1;
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid < 0) {
		int saved = errno;
		close(pair[0]);
		close(pair[1]);
		errno = saved;
		return -1;
	}
	if (pid == 0) {
		close(pair[0]);
		struct peer self = {.pid = getpid(), .channel = pair[1]};
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
			_exit(1);
		if (unshare(CLONE_NEWNET) != 0)
			_exit(2);
		/* Tell the scenario the namespace exists. */
		if (peer_sync(&self) != 0)
			_exit(3);
		_exit(program(&self, arg));
	}
	close(pair[1]);
	peer->pid = pid;
	peer->channel = pair[0];
	if (peer_sync(peer) != 0) {
		int saved = errno ? errno : ECHILD;
		peer_finish(peer);
		errno = saved;
		return -1;
	}
	return 0;
}

int peer_finish(struct peer *peer)
{
	int status;
	close(peer->channel);
	peer->channel = -1;
	while (waitpid(peer->pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
