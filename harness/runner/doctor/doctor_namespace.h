/* doctor_namespace: the network namespace dslab doctor looks at, and what
 * it needs to know of it besides the socket table. */
#ifndef DSLAB_DOCTOR_NAMESPACE_H
#define DSLAB_DOCTOR_NAMESPACE_H

#include <stddef.h>
#include <sys/types.h>

#include "doctor_options.h"

/* Moves the calling thread into /run/netns/NAME or /proc/PID/ns/net (none:
 * stays). where gets "network namespace NAME" or the like. Returns 0, or -1
 * with a one-line reason in why (a missing name or pid, no permission). */
int doctor_enter_namespace(const char *netns, pid_t pid, char *where, size_t where_size, char *why,
			   size_t why_size);

/* An integer sysctl of the namespace entered, or fallback where absent
 * (net.ipv6.* without IPv6). */
int doctor_sysctl(const char *path, int fallback);

/* Whether the request's address is one this namespace can bind without
 * IP_FREEBIND: a wildcard, or an address of one of its interfaces (any of
 * 127.0.0.0/8 where lo has 127.0.0.1; a mapped address as its IPv4 one). */
int doctor_address_is_local(const struct bind_request *r);

/* Whether the running kernel reports TCP sockets that are only bound
 * (sock_diag's TCP_BOUND_INACTIVE, Linux 6.8): from uname's release. */
int doctor_kernel_shows_bound_sockets(void);

/* Below net.ipv4.ip_unprivileged_port_start without CAP_NET_BIND_SERVICE. */
int doctor_port_needs_privilege(unsigned port);

#endif
