/* bind_predict: would this bind() (and listen()) work in the namespace now?
 *
 * Every socket already on the port is taken in turn as the first socket of
 * a bind-matrix cell, the bind asked about as its second, and the cell is
 * looked up in the goldens (bind_knowledge.h): the answer is what the
 * lessons proved, never a rule written here. Where no cell matches the
 * situation (another state, a device, another reuse combination, two
 * different specific addresses, an address not in the namespace...) the
 * answer is "unknown", with the reason. A failure in any pair is the
 * answer (the kernel refuses a bind that conflicts with any one owner of
 * the port); a success needs every pair known. */
#ifndef DSLAB_BIND_PREDICT_H
#define DSLAB_BIND_PREDICT_H

#include <stddef.h>
#include <sys/types.h>

#include "doctor_options.h"
#include "sock_row.h"
#include "socket_options.h"

/* A socket on the port, with what /proc and pidfd_getfd told about it. */
struct live_socket {
	const struct sock_row *row;
	char owner[48];             /* "nginx(812)" or "-" */
	int options_known;
	struct socket_options options;
	char options_why[160];      /* why they are not known */
};

struct predict_context {
	int bindv6only;             /* the namespace's net.ipv6.bindv6only */
	int address_is_local;       /* the request's address is one of the namespace's */
	int port_needs_privilege;   /* below ip_unprivileged_port_start, no CAP_NET_BIND_SERVICE */
	uid_t uid;                  /* who would bind */
	const char *expected_dir;
	const char *kernel_tag;     /* "linux-6.1": its overrides count */
};

enum verdict { VERDICT_SUCCEEDS, VERDICT_FAILS, VERDICT_UNKNOWN };

struct prediction {
	enum verdict verdict;
	char bind_result[24];       /* "0", an errno name, "?" unknown */
	char listen_result[24];     /* as bind_result; "-" not asked or not made */
	long conflict;              /* the live socket it conflicts with, -1 if none */
	char evidence[512];         /* the golden and cell(s) the answer comes from */
	char case_name[96];         /* that golden's case, "" if none */
	char grid[160];             /* that cell's grid */
	char receivers[48];         /* the cell's "v4:1st v6:2nd" (1st: the socket there) */
	char reason[400];           /* why unknown */
};

/* Returns 0, or -1 with a one-line reason in why when a golden cannot be
 * read (a broken source tree, not an unknown). */
int bind_predict(const struct bind_request *request, const struct live_socket *sockets,
		 size_t count, const struct predict_context *context, struct prediction *out,
		 char *why, size_t why_size);

extern const char *const prediction_verdict_name[3];

#endif
