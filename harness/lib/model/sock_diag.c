#include "sock_diag.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

struct decode_state {
	enum sock_file file;
	int tcp_both;          /* a TCPDIAG_GETSOCK dump: tcp and tcp6 rows */
	sock_row_sink sink;
	void *context;
	size_t rows;           /* rows given to the sink */
};

/* One recv takes up to this much: the kernel fills each reply buffer up to
 * the largest recv size seen, capped just under 32 KiB (net/netlink/
 * af_netlink.c, max_recvmsg_len), so this makes each recv, and each resumed
 * walk of the socket hash tables, carry eight times what a page does. */
#define RECV_BUFFER_SIZE 32768

static int file_family(enum sock_file file)
{
	return (file == FILE_TCP6 || file == FILE_UDP6) ? AF_INET6 : AF_INET;
}

static int file_protocol(enum sock_file file)
{
	return (file == FILE_TCP || file == FILE_TCP6) ? IPPROTO_TCP : IPPROTO_UDP;
}

static void endpoint_from_diag(struct sock_endpoint *ep, int family,
			       const __be32 addr[4], __be16 port)
{
	memset(ep, 0, sizeof *ep);
	ep->family = family;
	memcpy(ep->addr, addr, family == AF_INET6 ? 16 : 4);
	ep->port = ntohs(port);
}

/* libmnl trusts lengths more than a replayed (or fuzzed) buffer deserves:
 * mnl_nlmsg_ok compares nlmsg_len as a signed int (and its mnl_attr_parse
 * would stop quietly at a bad attribute: read_attributes does not). This
 * check comes first. */
static int messages_well_framed(const char *buf, size_t len)
{
	while (len >= sizeof(struct nlmsghdr)) {
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
		size_t message = nlh->nlmsg_len;
		if (message < sizeof(struct nlmsghdr) || message > len)
			return 0;
		size_t aligned = NLMSG_ALIGN(message);
		size_t step = aligned < len ? aligned : len;
		buf += step;
		len -= step;
	}
	return len == 0;
}

/* The attributes after the message header at offset: framed exactly (each
 * at least a header and within the message, the last one ending it), and
 * INET_DIAG_SKV6ONLY, where present, a u8 as mnl_attr_validate(MNL_TYPE_U8)
 * wants it (a payload of exactly one byte). *v6only gets the last one's
 * value, or -1 if there is none. One pass, no callback per attribute: this
 * runs once per socket. Returns 1 if all is well. */
static int read_attributes(const struct nlmsghdr *nlh, size_t offset, int *v6only)
{
	*v6only = -1;
	size_t start = NLMSG_HDRLEN + NLMSG_ALIGN(offset);
	if (nlh->nlmsg_len < start)
		return 0;
	const char *p = (const char *)nlh + start;
	size_t len = nlh->nlmsg_len - start;
	while (len >= sizeof(struct nlattr)) {
		const struct nlattr *attr = (const struct nlattr *)p;
		if (attr->nla_len < sizeof(struct nlattr) || attr->nla_len > len)
			return 0;
		if ((attr->nla_type & NLA_TYPE_MASK) == INET_DIAG_SKV6ONLY) {
			if (attr->nla_len != NLA_HDRLEN + 1)
				return 0;
			*v6only = *(const uint8_t *)(p + NLA_HDRLEN);
		}
		size_t aligned = NLA_ALIGN((size_t)attr->nla_len);
		size_t step = aligned < len ? aligned : len;
		p += step;
		len -= step;
	}
	return len == 0;
}

static int decode_message(const struct nlmsghdr *nlh, void *data)
{
	struct decode_state *state = data;
	if (nlh->nlmsg_type != (state->tcp_both ? TCPDIAG_GETSOCK : SOCK_DIAG_BY_FAMILY))
		return MNL_CB_OK;
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(struct inet_diag_msg))
		return MNL_CB_ERROR;

	const struct inet_diag_msg *msg = mnl_nlmsg_get_payload(nlh);
	enum sock_file file = state->file;
	if (state->tcp_both)
		file = msg->idiag_family == AF_INET6 ? FILE_TCP6 : FILE_TCP;
	int family = file_family(file);
	if (msg->idiag_family != family)
		return MNL_CB_ERROR;

	int v6only;
	if (!read_attributes(nlh, sizeof *msg, &v6only))
		return MNL_CB_ERROR;

	struct sock_row row = {0};
	row.file = file;
	row.state = msg->idiag_state;
	row.inode = msg->idiag_inode;
	row.ifindex = msg->id.idiag_if;
	endpoint_from_diag(&row.local, family, msg->id.idiag_src, msg->id.idiag_sport);
	endpoint_from_diag(&row.remote, family, msg->id.idiag_dst, msg->id.idiag_dport);
	if (family == AF_INET)
		row.v6only = V6ONLY_UNDEFINED;
	else if (v6only >= 0)
		row.v6only = v6only ? V6ONLY_ON : V6ONLY_OFF;
	else
		row.v6only = V6ONLY_UNKNOWN;
	state->rows++;
	return state->sink(&row, state->context) ? MNL_CB_ERROR : MNL_CB_OK;
}

static int append(const struct sock_row *row, void *rows)
{
	return sock_rows_append(rows, row);
}

int sock_diag_decode(const void *buf, size_t len, enum sock_file file, struct sock_rows *rows)
{
	if (!messages_well_framed(buf, len))
		return SOCK_DIAG_ERROR;
	struct decode_state state = {file, 0, append, rows, 0};
	/* seq and portid 0: accept any, as in a replayed recording. */
	int rc = mnl_cb_run(buf, len, 0, 0, decode_message, &state);
	if (rc == MNL_CB_STOP)
		return SOCK_DIAG_DONE;
	if (rc == MNL_CB_OK)
		return SOCK_DIAG_MORE;
	return SOCK_DIAG_ERROR;
}

/* Sends the request in nlh and decodes the replies into state's rows. */
static int dump(struct nlmsghdr *nlh, struct decode_state *state, FILE *record)
{
	struct mnl_socket *nl = mnl_socket_open2(NETLINK_SOCK_DIAG, SOCK_CLOEXEC);
	if (!nl)
		return -1;
	int result = -1;
	char *buf = malloc(RECV_BUFFER_SIZE);
	if (!buf || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0)
		goto out;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = (unsigned)time(NULL);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		goto out;

	unsigned seq = nlh->nlmsg_seq, portid = mnl_socket_get_portid(nl);
	for (;;) {
		ssize_t got = mnl_socket_recvfrom(nl, buf, RECV_BUFFER_SIZE);
		if (got <= 0)
			goto out;
		if (record && fwrite(buf, 1, (size_t)got, record) != (size_t)got)
			goto out;
		if (!messages_well_framed(buf, (size_t)got))
			goto out;
		int rc = mnl_cb_run(buf, (size_t)got, seq, portid, decode_message, state);
		if (rc == MNL_CB_STOP)
			break;
		if (rc == MNL_CB_ERROR)
			goto out;
	}
	result = 0;
out:
	free(buf);
	mnl_socket_close(nl);
	return result;
}

static int dump_file(enum sock_file file, unsigned states, sock_row_sink sink, void *context,
		     FILE *record)
{
	char request[MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct inet_diag_req_v2))] = {0};
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(request);
	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	struct inet_diag_req_v2 *req = mnl_nlmsg_put_extra_header(nlh, sizeof *req);
	req->sdiag_family = (__u8)file_family(file);
	req->sdiag_protocol = (__u8)file_protocol(file);
	req->idiag_states = states;
	struct decode_state state = {file, 0, sink, context, 0};
	return dump(nlh, &state, record);
}

int sock_diag_dump(enum sock_file file, struct sock_rows *rows, FILE *record)
{
	return dump_file(file, SOCK_DIAG_STATES, append, rows, record);
}

int sock_diag_dump_each(enum sock_file file, sock_row_sink sink, void *context)
{
	if (file != FILE_TCP)
		return dump_file(file, SOCK_DIAG_STATES, sink, context, NULL);
	char request[MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct inet_diag_req))] = {0};
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(request);
	nlh->nlmsg_type = TCPDIAG_GETSOCK;
	struct inet_diag_req *req = mnl_nlmsg_put_extra_header(nlh, sizeof *req);
	req->idiag_family = AF_INET; /* not a filter here: the kernel dumps both */
	req->idiag_states = SOCK_DIAG_STATES;
	struct decode_state state = {FILE_TCP, 1, sink, context, 0};
	if (dump(nlh, &state, NULL) == 0)
		return 0;
	if (state.rows > 0)
		return -1;
	/* Refused (a kernel without the old request): one dump per family. */
	return dump_file(FILE_TCP, SOCK_DIAG_STATES, sink, context, NULL) ||
	       dump_file(FILE_TCP6, SOCK_DIAG_STATES, sink, context, NULL)
	       ? -1 : 0;
}

int sock_diag_dump_states(enum sock_file file, unsigned states, sock_row_sink sink, void *context)
{
	return dump_file(file, states, sink, context, NULL);
}
