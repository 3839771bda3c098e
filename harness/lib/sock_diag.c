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
	struct sock_rows *rows;
};

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
 * mnl_nlmsg_ok compares nlmsg_len as a signed int, and mnl_attr_parse stops
 * quietly at a bad attribute. These checks come first. */
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

static int attributes_well_formed(const struct nlmsghdr *nlh, size_t offset)
{
	size_t start = NLMSG_HDRLEN + NLMSG_ALIGN(offset);
	if (nlh->nlmsg_len < start)
		return 0;
	const char *p = (const char *)nlh + start;
	size_t len = nlh->nlmsg_len - start;
	while (len >= sizeof(struct nlattr)) {
		const struct nlattr *attr = (const struct nlattr *)p;
		if (attr->nla_len < sizeof(struct nlattr) || attr->nla_len > len)
			return 0;
		size_t aligned = NLA_ALIGN((size_t)attr->nla_len);
		size_t step = aligned < len ? aligned : len;
		p += step;
		len -= step;
	}
	return len == 0;
}

static int collect_attribute(const struct nlattr *attr, void *data)
{
	const struct nlattr **table = data;
	int type = mnl_attr_get_type(attr);
	if (type == INET_DIAG_SKV6ONLY) {
		if (mnl_attr_validate(attr, MNL_TYPE_U8) < 0)
			return MNL_CB_ERROR;
		table[type] = attr;
	}
	return MNL_CB_OK;
}

static int decode_message(const struct nlmsghdr *nlh, void *data)
{
	struct decode_state *state = data;
	if (nlh->nlmsg_type != SOCK_DIAG_BY_FAMILY)
		return MNL_CB_OK;
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(struct inet_diag_msg))
		return MNL_CB_ERROR;

	const struct inet_diag_msg *msg = mnl_nlmsg_get_payload(nlh);
	int family = file_family(state->file);
	if (msg->idiag_family != family)
		return MNL_CB_ERROR;

	const struct nlattr *table[INET_DIAG_MAX + 1] = {0};
	if (!attributes_well_formed(nlh, sizeof *msg) ||
	    mnl_attr_parse(nlh, sizeof *msg, collect_attribute, table) < 0)
		return MNL_CB_ERROR;

	struct sock_row row = {0};
	row.file = state->file;
	row.state = msg->idiag_state;
	row.inode = msg->idiag_inode;
	row.ifindex = msg->id.idiag_if;
	endpoint_from_diag(&row.local, family, msg->id.idiag_src, msg->id.idiag_sport);
	endpoint_from_diag(&row.remote, family, msg->id.idiag_dst, msg->id.idiag_dport);
	if (family == AF_INET)
		row.v6only = V6ONLY_UNDEFINED;
	else if (table[INET_DIAG_SKV6ONLY])
		row.v6only = mnl_attr_get_u8(table[INET_DIAG_SKV6ONLY]) ? V6ONLY_ON : V6ONLY_OFF;
	else
		row.v6only = V6ONLY_UNKNOWN;
	return sock_rows_append(state->rows, &row) ? MNL_CB_ERROR : MNL_CB_OK;
}

int sock_diag_decode(const void *buf, size_t len, enum sock_file file, struct sock_rows *rows)
{
	if (!messages_well_framed(buf, len))
		return SOCK_DIAG_ERROR;
	struct decode_state state = {file, rows};
	/* seq and portid 0: accept any, as in a replayed recording. */
	int rc = mnl_cb_run(buf, len, 0, 0, decode_message, &state);
	if (rc == MNL_CB_STOP)
		return SOCK_DIAG_DONE;
	if (rc == MNL_CB_OK)
		return SOCK_DIAG_MORE;
	return SOCK_DIAG_ERROR;
}

int sock_diag_dump(enum sock_file file, struct sock_rows *rows, FILE *record)
{
	struct mnl_socket *nl = mnl_socket_open2(NETLINK_SOCK_DIAG, SOCK_CLOEXEC);
	if (!nl)
		return -1;
	int result = -1;
	char *buf = malloc(MNL_SOCKET_BUFFER_SIZE);
	if (!buf || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0)
		goto out;

	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = (unsigned)time(NULL);
	struct inet_diag_req_v2 *req = mnl_nlmsg_put_extra_header(nlh, sizeof *req);
	req->sdiag_family = (__u8)file_family(file);
	req->sdiag_protocol = (__u8)file_protocol(file);
	req->idiag_states = SOCK_DIAG_STATES;
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		goto out;

	unsigned seq = nlh->nlmsg_seq, portid = mnl_socket_get_portid(nl);
	struct decode_state state = {file, rows};
	for (;;) {
		ssize_t got = mnl_socket_recvfrom(nl, buf, MNL_SOCKET_BUFFER_SIZE);
		if (got <= 0)
			goto out;
		if (record && fwrite(buf, 1, (size_t)got, record) != (size_t)got)
			goto out;
		if (!messages_well_framed(buf, (size_t)got))
			goto out;
		int rc = mnl_cb_run(buf, (size_t)got, seq, portid, decode_message, &state);
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
