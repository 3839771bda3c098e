/* hermetic_etc: the name-service files a case sees.
 *
 * getaddrinfo and friends read /etc/hosts, /etc/nsswitch.conf, /etc/host.conf
 * and /etc/gai.conf; the host's versions differ from machine to machine (mdns,
 * myhostname, local names, address-sorting rules). Each case gets its own
 * mount namespace in which the harness's fixed versions (written by dslab to
 * build/etc) are bind-mounted over them, so libc lessons give the same
 * answer everywhere. Where the host lacks one of them (a minimal root, some
 * containers), /etc is instead a read-only overlay with the harness's
 * directory on top. The mounts are made private first: nothing propagates
 * back to the host, whose files are never written. */
#ifndef DSLAB_HERMETIC_ETC_H
#define DSLAB_HERMETIC_ETC_H

/* The files, as the harness provides them (documented in README.md). */
#define HERMETIC_HOSTS                                                    \
	"127.0.0.1\tlocalhost\n"                                          \
	"::1\tlocalhost ip6-localhost ip6-loopback\n"
#define HERMETIC_NSSWITCH "hosts: files\n"
#define HERMETIC_HOST_CONF "multi on\n" /* Debian's default: every matching line */
#define HERMETIC_GAI_CONF "# empty: RFC 6724's default policy table\n"

/* In dslab, before any case: write the files into dir (if they differ).
 * Returns 0 or -1 with errno set. */
int hermetic_etc_prepare(const char *dir);

/* In the case's init, which clone made in a mount namespace of its own
 * (CLONE_NEWNS), before exec: mounts made private, then dir's files over
 * /etc's. Returns 0, or -1 with a one-line reason in why (the case is then
 * skipped). */
int hermetic_etc_mount(const char *dir, char *why, unsigned long why_size);

#endif
