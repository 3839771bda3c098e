/* One row of a socket-table snapshot, in the vocabulary of the goldens.
 *
 * Both sources (NETLINK_SOCK_DIAG and /proc/net/{tcp,tcp6,udp,udp6}) decode
 * into this struct, so they can be compared field by field. */
#ifndef DSLAB_SOCK_ROW_H
#define DSLAB_SOCK_ROW_H

#include <stddef.h>
#include <stdint.h>

/* The /proc/net file a socket is listed in. The kernel files a socket under
 * tcp6/udp6 when its family (sk_family) is AF_INET6, whatever its peer is:
 * this is where netstat's "tcp6" comes from. */
enum sock_file { FILE_TCP, FILE_TCP6, FILE_UDP, FILE_UDP6 };

enum v6only_value {
	V6ONLY_UNDEFINED = -1, /* AF_INET socket: the option does not exist   */
	V6ONLY_UNKNOWN = -2,   /* AF_INET6, but no source can tell (e.g. TIME-WAIT) */
	V6ONLY_OFF = 0,
	V6ONLY_ON = 1,
};

struct sock_endpoint {
	int family;            /* AF_INET or AF_INET6 */
	uint8_t addr[16];      /* network byte order; IPv4 uses the first 4 */
	uint16_t port;         /* host byte order */
};

struct sock_row {
	enum sock_file file;
	int state;             /* kernel TCP state number (include/net/tcp_states.h) */
	struct sock_endpoint local, remote;
	int v6only;            /* enum v6only_value */
	unsigned ifindex;      /* the device the socket is bound to (SO_BINDTODEVICE;
				  sock_diag's idiag_if), 0 if none or not known (/proc) */
	unsigned long inode;
	char name[32];         /* the scenario's name for the socket, "" if none */
};

struct sock_rows {
	struct sock_row *row;
	size_t count, capacity;
};

int sock_rows_append(struct sock_rows *rows, const struct sock_row *row);
void sock_rows_free(struct sock_rows *rows);

const char *sock_file_name(enum sock_file file);
int sock_file_from_name(const char *name, enum sock_file *file);

/* "ESTAB", "LISTEN", ... as ss prints them; UDP's unconnected state (the
 * kernel's TCP_CLOSE) is "UNCONN" as in ss. Unknown numbers give "STATE?". */
const char *sock_state_name(enum sock_file file, int state);

/* "127.0.0.1:5555" or "[::ffff:127.0.0.1]:5555"; a remote port 0 (no peer)
 * prints as "*", e.g. "[::]:*". Returns buf. */
#define SOCK_ENDPOINT_TEXT_MAX 64
char *sock_endpoint_text(const struct sock_endpoint *ep, int is_remote,
			 char buf[SOCK_ENDPOINT_TEXT_MAX]);

/* The local port of a socket of this process (getsockname), in host byte
 * order, or -1 with errno set: what a bench or test tool asks of the
 * listener it made on port 0. */
int sock_local_port(int fd);

/* The local endpoint with the device it is bound to, as ss prints it:
 * "[::]%lo:7200" (misc/ss.c, inet_addr_print: "%" and the name between the
 * address and the port); without a device as sock_endpoint_text. The name
 * is looked up in the calling process's namespace ("if<N>" if gone). */
char *sock_local_text(const struct sock_row *row, char buf[SOCK_ENDPOINT_TEXT_MAX]);

/* "0", "1", "-" (undefined) or "?" (unknown). */
const char *v6only_text(int v6only);

/* Equal as both sources see them: file, state, addresses, inode. */
int sock_row_same_socket(const struct sock_row *a, const struct sock_row *b);

#endif
