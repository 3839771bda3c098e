/* The runner's own network namespace, the parent of every case's.
 *
 * Before it starts cases, `dslab run` moves itself into a fresh network
 * namespace (as an ordinary user, with a user namespace in which it is
 * root), and there sets net.ipv4.tcp_child_ehash_entries and
 * net.ipv4.udp_child_hash_entries. Those two sysctls size the socket hash
 * tables of namespaces created *from* the namespace they are set in, so
 * each case gets small tables of its own instead of sharing the host's
 * (which have 10^4-10^6 buckets: every sock_diag dump and /proc read of a
 * case walks all of them). The host's sysctls are never written; the parent
 * namespace disappears with the runner, even when it is SIGKILLed.
 *
 * Results are the same either way (the goldens pass with and without);
 * only the time to snapshot and tear down a case changes. */
#ifndef DSLAB_PARENT_NAMESPACE_H
#define DSLAB_PARENT_NAMESPACE_H

/* 0: stayed where it was (no privilege: each case then makes its own user
 * namespace, or skips with a hint); 1: in a parent namespace without the
 * sysctls (older kernel); 2: in a parent namespace with small child tables. */
int parent_namespace_enter(void);

#endif
