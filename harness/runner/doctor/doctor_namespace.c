#include "doctor_namespace.h"

#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "matrix_labels.h"

int doctor_enter_namespace(const char *netns, pid_t pid, char *where, size_t where_size, char *why,
			   size_t why_size)
{
	char path[96];
	if (!netns && !pid) {
		snprintf(where, where_size, "dslab's own network namespace");
		return 0;
	}
	if (netns) {
		snprintf(path, sizeof path, "/run/netns/%s", netns);
		snprintf(where, where_size, "network namespace %s", netns);
	} else {
		snprintf(path, sizeof path, "/proc/%d/ns/net", (int)pid);
		snprintf(where, where_size, "network namespace of process %d", (int)pid);
	}
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		int error = errno;
		if (error == ENOENT && netns)
			snprintf(why, why_size, "no network namespace '%s' (%s does not exist; see ip netns list)",
				 netns, path);
		else if (error == ENOENT)
			snprintf(why, why_size, "no process %d (%s does not exist)", (int)pid, path);
		else
			snprintf(why, why_size, "cannot open %s: %s%s", path, strerror(error),
				 error == EACCES ? " (another user's process: run as root)" : "");
		return -1;
	}
	if (setns(fd, CLONE_NEWNET) != 0) {
		int error = errno;
		snprintf(why, why_size, "cannot enter %s: %s%s", path, strerror(error),
			 error == EPERM ? " (needs CAP_SYS_ADMIN: run as root)" : "");
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

int doctor_sysctl(const char *path, int fallback)
{
	FILE *f = fopen(path, "re");
	int value;
	if (!f)
		return fallback;
	if (fscanf(f, "%d", &value) != 1)
		value = fallback;
	fclose(f);
	return value;
}

/* One interface address against the IPv4 (4 bytes) or IPv6 (16) asked. */
static int matches(const struct sockaddr *sa, int family, const uint8_t *want)
{
	if (!sa || sa->sa_family != family)
		return 0;
	if (family == AF_INET) {
		const uint8_t *have = (const uint8_t *)&((const struct sockaddr_in *)sa)->sin_addr;
		if (want[0] == 127 && have[0] == 127)
			return 1; /* lo answers for all of 127.0.0.0/8 */
		return memcmp(have, want, 4) == 0;
	}
	return memcmp(&((const struct sockaddr_in6 *)sa)->sin6_addr, want, 16) == 0;
}

int doctor_address_is_local(const struct bind_request *r)
{
	enum address_kind kind = address_kind_of(r->family, r->addr);
	if (kind == ANY_V4 || kind == ANY_V6 || kind == ANY_MAPPED)
		return 1;
	int family = kind == ONE_V6 ? AF_INET6 : AF_INET;
	const uint8_t *want = kind == ONE_MAPPED ? r->addr + 12 : r->addr;
	struct ifaddrs *all;
	if (getifaddrs(&all) != 0)
		return 0;
	int found = 0;
	for (struct ifaddrs *i = all; i && !found; i = i->ifa_next)
		found = matches(i->ifa_addr, family, want);
	freeifaddrs(all);
	return found;
}

/* CAP_NET_BIND_SERVICE (10) in the effective set, from /proc/self/status. */
static int may_bind_privileged(void)
{
	FILE *f = fopen("/proc/self/status", "re");
	char line[256];
	unsigned long long effective = 0;
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "CapEff: %llx", &effective) == 1)
			break;
	if (f)
		fclose(f);
	return (effective >> 10) & 1;
}

int doctor_port_needs_privilege(unsigned port)
{
	int start = doctor_sysctl("/proc/sys/net/ipv4/ip_unprivileged_port_start", 1024);
	return (int)port < start && !may_bind_privileged();
}

int doctor_kernel_shows_bound_sockets(void)
{
	struct utsname u;
	unsigned major = 0, minor = 0;
	if (uname(&u) != 0 || sscanf(u.release, "%u.%u", &major, &minor) != 2)
		return 0;
	return major > 6 || (major == 6 && minor >= 8);
}
