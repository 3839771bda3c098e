#include "bind_predict.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "bind_knowledge.h"
#include "matrix_labels.h"

const char *const prediction_verdict_name[3] = {"succeeds", "fails", "unknown"};

/* TCP states (include/net/tcp_states.h) a matrix's first socket can be in. */
enum { STATE_CLOSE = 7, STATE_LISTEN = 10, STATE_BOUND_INACTIVE = 13 };

/* A TCP socket bound but neither listening nor connected: the kernel's
 * dump of them (asked for with the TCP_BOUND_INACTIVE bit) reports them in
 * state CLOSE, the only TCP sockets in that state a dump can hold. */
static int is_bound_only(const struct sock_row *row)
{
	return row->state == STATE_BOUND_INACTIVE || row->state == STATE_CLOSE;
}

/* The goldens a prediction reads: at most one per call order. */
struct knowledge {
	const struct predict_context *context;
	struct matrix_cells loaded[2];
	int is_loaded[2];
	char why[300];
};

/* What one pair (a live socket, the bind asked about) says. */
struct pair {
	int known;
	char bind[24], listen[24];
	char evidence[400], receivers[48], reason[300];
	char case_name[96], grid[160];
};

static const char *const reuse_words[] = {"no reuse option", "SO_REUSEADDR", "SO_REUSEPORT",
					   "SO_REUSEADDR and SO_REUSEPORT"};

static int reuse_setting(int reuseaddr, int reuseport)
{
	return reuseaddr && reuseport ? 3 : reuseport ? 2 : reuseaddr ? 1 : 0;
}

static const struct matrix_cells *cells_for(struct knowledge *k, const struct bind_request *r,
					    enum matrix_order order)
{
	if (!r->tcp)
		order = MATRIX_BBLL; /* one golden per UDP case */
	if (!k->is_loaded[order]) {
		struct matrix_key key = {r->tcp, k->context->bindv6only,
					 (enum matrix_reuse)reuse_setting(r->reuseaddr, r->reuseport), order};
		if (matrix_cells_load(k->context->expected_dir, &key, k->context->kernel_tag,
				      &k->loaded[order], k->why, sizeof k->why) != 0)
			return NULL;
		k->is_loaded[order] = 1;
	}
	return &k->loaded[order];
}

static void request_column(const struct bind_request *r, char *out, size_t size)
{
	matrix_label(address_kind_of(r->family, r->addr), r->family == AF_INET6 ? r->v6only : -1, out, size);
}

#define UNKNOWN(p, ...) do { snprintf((p)->reason, sizeof (p)->reason, __VA_ARGS__); return 0; } while (0)

/* Whether a live socket is something a matrix's first socket was: bound,
 * or listening (TCP), or bound and unconnected (UDP); on no device; its
 * options readable and the same reuse setting as the request's. */
static int comparable(const struct live_socket *s, const struct bind_request *r, uid_t uid,
		      struct pair *p)
{
	const struct sock_row *row = s->row;
	int state_ok = r->tcp ? row->state == STATE_LISTEN || is_bound_only(row)
			      : row->state == STATE_CLOSE && row->remote.port == 0;
	if (!state_ok)
		UNKNOWN(p, "the socket of %s is %s: the matrices' first socket is only bound or listening",
			s->owner, sock_state_name(row->file, row->state));
	if (row->ifindex)
		UNKNOWN(p, "the socket of %s is bound to a device: the matrices bind none", s->owner);
	if (!s->options_known)
		UNKNOWN(p, "its reuse options are not known: %s", s->options_why);
	if (s->options.freebind)
		UNKNOWN(p, "the socket of %s has IP_FREEBIND: the matrices never set it", s->owner);
	int theirs = reuse_setting(s->options.reuseaddr, s->options.reuseport);
	int ours = reuse_setting(r->reuseaddr, r->reuseport);
	if (theirs != ours || ours == 3)
		UNKNOWN(p, "the socket of %s has %s, yours %s: the matrices pair only sockets with the same one "
			"of none, SO_REUSEADDR, SO_REUSEPORT", s->owner, reuse_words[theirs], reuse_words[ours]);
	if (ours == 2 && s->options.uid != uid)
		UNKNOWN(p, "SO_REUSEPORT between two users (uid %u and %u): the matrices' pairs have one owner",
			(unsigned)s->options.uid, (unsigned)uid);
	if (different_specific_addresses(row->local.family, row->local.addr, r->family, r->addr))
		UNKNOWN(p, "two different specific addresses: the matrices pair one specific address "
			"per family with itself and the wildcards");
	return 1;
}

/* The grid rows a live socket can be: an AF_INET6 socket's IPV6_V6ONLY as
 * it is now, set (" v6only=X") or left to the sysctl (bare label) when X
 * is bindv6only; a specific IPv6 address any of the three, since its bind
 * may have changed the flag (lesson specific_v6_bind_is_v6only). */
static size_t candidate_rows(const struct live_socket *s, int bindv6only, char rows[3][64])
{
	enum address_kind kind = address_kind_of(s->row->local.family, s->row->local.addr);
	if (s->row->local.family == AF_INET) {
		matrix_label(kind, -1, rows[0], 64);
		return 1;
	}
	int v6only = s->options.v6only;
	size_t n = 0;
	for (int value = -1; value <= 1; value++)
		if (kind == ONE_V6 || value == v6only || (value == -1 && v6only == bindv6only))
			matrix_label(kind, value, rows[n++], 64);
	return n;
}

/* The cell of every candidate row; they must agree. */
static int look_up_pair(struct knowledge *k, const struct live_socket *s, const struct bind_request *r,
			struct pair *p)
{
	int listening = s->row->state == STATE_LISTEN;
	enum matrix_order order = listening ? MATRIX_BLBL : MATRIX_BBLL;
	const struct matrix_cells *cells = cells_for(k, r, order);
	if (!cells)
		return -1;
	char rows[3][64], column[64];
	size_t n = candidate_rows(s, k->context->bindv6only, rows);
	request_column(r, column, sizeof column);
	int found = 0;
	for (size_t i = 0; i < n; i++) {
		const struct matrix_cell *cell = matrix_cell_find(cells, rows[i], column);
		const char *value = cell ? cell->value : NULL;
		struct cell_results c;
		if (!value || matrix_cell_split(&cells->key, value, &c) != 0)
			continue;
		/* A row whose first socket did not get where this one is can
		 * not be it. */
		if (strcmp(c.first_bind, "0") != 0 || (r->tcp && listening && strcmp(c.first_listen, "0") != 0))
			continue;
		const char *listen = !r->listen ? "-" : !listening && strcmp(c.second_bind, "0") == 0 ? "?"
											       : c.second_listen;
		if (found && (strcmp(p->bind, c.second_bind) != 0 || strcmp(p->listen, listen) != 0))
			UNKNOWN(p, "the rows %s and %s of %s disagree, and the socket of %s could be either",
				rows[0], rows[i], cells->case_name, s->owner);
		if (!found) {
			snprintf(p->bind, sizeof p->bind, "%s", c.second_bind);
			snprintf(p->listen, sizeof p->listen, "%s", listen);
			snprintf(p->evidence, sizeof p->evidence, "%s%s%s: cell %s x %s = %s", cells->case_name,
				 *cells->tag ? "@" : "", cells->tag, rows[i], column, value);
			snprintf(p->receivers, sizeof p->receivers, "%s", c.receivers);
			snprintf(p->case_name, sizeof p->case_name, "%s", cells->case_name);
			snprintf(p->grid, sizeof p->grid, "%s", cell->grid);
		}
		found = 1;
	}
	if (!found)
		UNKNOWN(p, "no cell of %s has a first socket like the one of %s", cells->case_name, s->owner);
	p->known = 1;
	if (strcmp(p->listen, "?") == 0)
		snprintf(p->reason, sizeof p->reason, "the socket of %s is bound but not listening: in the "
			 "matrices the second socket listens only after the first did", s->owner);
	return 0;
}

/* A free port: the cells whose first bind failed had nobody on the port. */
static int look_up_free_port(struct knowledge *k, const struct bind_request *r, struct pair *p)
{
	const struct matrix_cells *cells = cells_for(k, r, MATRIX_BBLL);
	if (!cells)
		return -1;
	char column[64];
	request_column(r, column, sizeof column);
	for (size_t i = 0; i < cells->count; i++) {
		struct cell_results c;
		if (strcmp(cells->cell[i].column, column) != 0 ||
		    matrix_cell_split(&cells->key, cells->cell[i].value, &c) != 0 ||
		    strcmp(c.first_bind, "0") == 0)
			continue;
		p->known = 1;
		snprintf(p->bind, sizeof p->bind, "%s", c.second_bind);
		snprintf(p->listen, sizeof p->listen, "%s", r->listen ? c.second_listen : "-");
		snprintf(p->evidence, sizeof p->evidence, "%s: cell %s x %s = %s (the first bind failed: "
			 "a free port)", cells->case_name, cells->cell[i].row, column, cells->cell[i].value);
		snprintf(p->case_name, sizeof p->case_name, "%s", cells->case_name);
		snprintf(p->grid, sizeof p->grid, "%s", cells->cell[i].grid);
		return 0;
	}
	snprintf(p->reason, sizeof p->reason, "no cell of %s shows %s on a free port", cells->case_name, column);
	return 0;
}

/* What the request alone leaves outside the matrices. */
static int request_covered(const struct bind_request *r, const struct predict_context *c,
			   struct prediction *out)
{
	const char *why = NULL;
	if (r->reuseaddr && r->reuseport)
		why = "SO_REUSEADDR with SO_REUSEPORT: the matrices set one or the other";
	else if (!c->address_is_local)
		why = "the address is not one of this namespace's: the matrices bind only local "
		      "addresses (IP_FREEBIND and ip_nonlocal_bind are not covered)";
	else if (c->port_needs_privilege)
		why = "the port is below net.ipv4.ip_unprivileged_port_start and you lack "
		      "CAP_NET_BIND_SERVICE: see the lesson privileged_port; the matrices bind "
		      "unprivileged ports";
	if (!why)
		return 1;
	snprintf(out->reason, sizeof out->reason, "%s", why);
	return 0;
}

static void note_substitution(const struct bind_request *r, struct prediction *out)
{
	if (is_matrix_address(r->family, r->addr))
		return;
	char text[64];
	address_text(r->family, r->addr, text, sizeof text);
	size_t used = strlen(out->evidence);
	snprintf(out->evidence + used, sizeof out->evidence - used, " (%s read as the matrices' %s)",
		 text, matrix_address(address_kind_of(r->family, r->addr)));
}

static void cite(struct prediction *out, const struct pair *p)
{
	snprintf(out->evidence, sizeof out->evidence, "%s", p->evidence);
	snprintf(out->case_name, sizeof out->case_name, "%s", p->case_name);
	snprintf(out->grid, sizeof out->grid, "%s", p->grid);
}

/* The pairs together: any failure is the answer, else any unknown. */
static void combine(const struct pair *pairs, size_t count, const struct bind_request *r,
		    struct prediction *out)
{
	long unknown = -1, listen_fails = -1, listen_unknown = -1;
	for (size_t i = 0; i < count; i++) {
		if (!pairs[i].known) {
			unknown = unknown < 0 ? (long)i : unknown;
			continue;
		}
		if (strcmp(pairs[i].bind, "0") != 0) {
			out->verdict = VERDICT_FAILS;
			out->conflict = (long)i;
			snprintf(out->bind_result, sizeof out->bind_result, "%s", pairs[i].bind);
			snprintf(out->listen_result, sizeof out->listen_result, "-");
			cite(out, &pairs[i]);
			return;
		}
		if (strcmp(pairs[i].listen, "?") == 0)
			listen_unknown = listen_unknown < 0 ? (long)i : listen_unknown;
		else if (strcmp(pairs[i].listen, "0") != 0 && strcmp(pairs[i].listen, "-") != 0)
			listen_fails = listen_fails < 0 ? (long)i : listen_fails;
	}
	if (unknown >= 0) {
		snprintf(out->reason, sizeof out->reason, "%s", pairs[unknown].reason);
		return;
	}
	snprintf(out->bind_result, sizeof out->bind_result, "0");
	snprintf(out->listen_result, sizeof out->listen_result, r->listen ? "0" : "-");
	long cited = listen_fails >= 0 ? listen_fails : listen_unknown >= 0 ? listen_unknown : 0;
	cite(out, &pairs[cited]);
	if (count == 1)
		snprintf(out->receivers, sizeof out->receivers, "%s", pairs[0].receivers);
	if (listen_fails >= 0) {
		out->verdict = VERDICT_FAILS;
		out->conflict = listen_fails;
		snprintf(out->listen_result, sizeof out->listen_result, "%s", pairs[listen_fails].listen);
	} else if (listen_unknown >= 0) {
		snprintf(out->listen_result, sizeof out->listen_result, "?");
		snprintf(out->reason, sizeof out->reason, "%s", pairs[listen_unknown].reason);
	} else {
		out->verdict = VERDICT_SUCCEEDS;
	}
}

#define MAX_PAIRS 256

int bind_predict(const struct bind_request *r, const struct live_socket *sockets, size_t count,
		 const struct predict_context *context, struct prediction *out, char *why, size_t why_size)
{
	memset(out, 0, sizeof *out);
	out->verdict = VERDICT_UNKNOWN;
	out->conflict = -1;
	snprintf(out->bind_result, sizeof out->bind_result, "?");
	snprintf(out->listen_result, sizeof out->listen_result, r->listen ? "?" : "-");
	if (!request_covered(r, context, out))
		return 0;
	if (count > MAX_PAIRS) {
		snprintf(out->reason, sizeof out->reason, "%zu sockets on the port: more than this "
			 "prediction takes (%d)", count, MAX_PAIRS);
		return 0;
	}
	static struct pair pairs[MAX_PAIRS];
	struct knowledge k = {.context = context};
	int rc = 0;
	size_t n = count ? count : 1;
	for (size_t i = 0; i < n && rc == 0; i++) {
		memset(&pairs[i], 0, sizeof pairs[i]);
		if (!count)
			rc = look_up_free_port(&k, r, &pairs[i]);
		else if (comparable(&sockets[i], r, context->uid, &pairs[i]))
			rc = look_up_pair(&k, &sockets[i], r, &pairs[i]);
	}
	for (int o = 0; o < 2; o++)
		if (k.is_loaded[o])
			matrix_cells_free(&k.loaded[o]);
	if (rc != 0) {
		snprintf(why, why_size, "%s", k.why);
		return -1;
	}
	combine(pairs, n, r, out);
	if (!count)
		out->conflict = -1;
	note_substitution(r, out);
	return 0;
}
