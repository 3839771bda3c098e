/* peer: a second host for a lesson — a child process in a network
 * namespace of its own, to be joined to the scenario's by a veth pair
 * (netconf.h). Making the namespace needs CAP_SYS_ADMIN; declare
 * `dslab-capabilities: cap_sys_admin,cap_net_admin`.
 *
 * The two sides take turns at agreed points with peer_sync (a barrier):
 * each returns only when the other has reached the same point. The peer's
 * socket calls are not reported: the transcript is what the scenario's own
 * host sees, like netstat on one machine. */
#ifndef DSLAB_PEER_H
#define DSLAB_PEER_H

#include <sys/types.h>

struct peer {
	pid_t pid;
	int channel; /* a socketpair end */
};

/* Fork the peer; it enters a new network namespace, then runs
 * program(peer, arg) and exits with its return value. Returns 0 once the
 * peer's namespace exists (its pid can then be given to create_veth), or
 * -1 with errno set. The peer dies with the scenario (PR_SET_PDEATHSIG). */
int peer_start(struct peer *peer, int (*program)(struct peer *peer, void *arg), void *arg);

/* Barrier between the scenario and its peer: 0, or -1 if the other side is
 * gone. */
int peer_sync(struct peer *peer);

/* A barrier that also passes a number (>= 0) each way: returns the other
 * side's, or -1 if it is gone. */
int peer_exchange(struct peer *peer, int value);

/* Wait for the peer to exit; returns its exit status, or -1. */
int peer_finish(struct peer *peer);

#endif
