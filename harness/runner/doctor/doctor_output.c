#include "doctor_output.h"

#include <string.h>
#include <sys/socket.h>

#include "doctor_explain.h"
#include "formats.h"

#define DIM "\033[2m"
#define BOLD "\033[1m"
#define RESET "\033[0m"

void doctor_owner_text(const struct process_table *processes, unsigned long inode, char *out, size_t size)
{
	size_t count;
	const struct socket_owner *o = process_table_find(processes, inode, &count);
	if (!o || !inode)
		snprintf(out, size, "-");
	else if (count == 1)
		snprintf(out, size, "%s(%d)", o->name, (int)o->pid);
	else
		snprintf(out, size, "%s(%d)+%zu", o->name, (int)o->pid, count - 1);
}

void doctor_print_title(const struct doctor_printer *p, const char *where, int bindv6only)
{
	if (p->json) {
		fprintf(p->out, "{\"type\":\"namespace\",\"namespace\":");
		json_write_string(p->out, where);
		fprintf(p->out, ",\"bindv6only\":%d}\n", bindv6only);
		return;
	}
	fprintf(p->out, "# dslab doctor: %s (net.ipv6.bindv6only=%d)\n", where, bindv6only);
	fprintf(p->out, "  %-5s %-14s %-28s %-28s %-6s %s\n", "file", "state", "local", "remote",
		"v6only", "process");
}

static void json_processes(FILE *out, const struct process_table *processes, unsigned long inode)
{
	size_t count;
	const struct socket_owner *o = process_table_find(processes, inode, &count);
	fputc('[', out);
	for (size_t i = 0; i < count; i++) {
		fprintf(out, "%s{\"name\":", i ? "," : "");
		json_write_string(out, o[i].name);
		fprintf(out, ",\"pid\":%d,\"fd\":%d}", (int)o[i].pid, o[i].fd);
	}
	fputc(']', out);
}

static void json_field(FILE *out, const char *name, const char *value, int more)
{
	fprintf(out, "\"%s\":", name);
	json_write_string(out, value);
	if (more)
		fputc(',', out);
}

void doctor_print_row(const struct doctor_printer *p, const struct sock_row *row,
		      const struct process_table *processes)
{
	char local[SOCK_ENDPOINT_TEXT_MAX], remote[SOCK_ENDPOINT_TEXT_MAX], owner[48], why[512];
	sock_local_text(row, local);
	sock_endpoint_text(&row->remote, 1, remote);
	doctor_owner_text(processes, row->inode, owner, sizeof owner);
	doctor_explain_row(row, why, sizeof why);
	const char *state = sock_state_name(row->file, row->state);
	if (!p->json) {
		fprintf(p->out, "  %-5s %-14s %-28s %-28s %-6s %s\n", sock_file_name(row->file), state,
			local, remote, v6only_text(row->v6only), owner);
		fprintf(p->out, "        %s> %s%s\n", p->colour ? DIM : "", why, p->colour ? RESET : "");
		return;
	}
	fprintf(p->out, "{\"type\":\"socket\",");
	json_field(p->out, "file", sock_file_name(row->file), 1);
	json_field(p->out, "state", state, 1);
	json_field(p->out, "local", local, 1);
	json_field(p->out, "remote", remote, 1);
	fprintf(p->out, "\"v6only\":%s,\"inode\":%lu,\"process\":",
		row->v6only == V6ONLY_ON ? "1" : row->v6only == V6ONLY_OFF ? "0" : "null", row->inode);
	if (strcmp(owner, "-") == 0)
		fputs("null", p->out);
	else
		json_write_string(p->out, owner);
	fputs(",\"processes\":", p->out);
	json_processes(p->out, processes, row->inode);
	fputc(',', p->out);
	json_field(p->out, "explanation", why, 0);
	fputs("}\n", p->out);
}

static int is_tcp(const struct sock_row *row)
{
	return row->file == FILE_TCP || row->file == FILE_TCP6;
}

/* "nginx(812) on 0.0.0.0:80" for each row of the port taking family; JSON
 * or text. Returns how many. */
static size_t list_takers(const struct doctor_printer *p, const struct sock_row *const *rows,
			  size_t count, int family, const struct process_table *processes)
{
	size_t n = 0;
	for (size_t i = 0; i < count; i++) {
		int families = doctor_families(rows[i]);
		if (family ? !(families & family) : families != 0)
			continue;
		char owner[48], local[SOCK_ENDPOINT_TEXT_MAX];
		doctor_owner_text(processes, rows[i]->inode, owner, sizeof owner);
		sock_local_text(rows[i], local);
		if (p->json) {
			fprintf(p->out, "%s{", n ? "," : "");
			json_field(p->out, "process", owner, 1);
			json_field(p->out, "local", local, 1);
			fprintf(p->out, "\"v6only\":%s}", rows[i]->v6only == V6ONLY_ON    ? "1"
							  : rows[i]->v6only == V6ONLY_OFF ? "0"
											  : "null");
		} else {
			fprintf(p->out, "%s%s on %s", n ? ", " : "", owner, local);
			if (rows[i]->local.family == AF_INET6 && rows[i]->v6only >= 0)
				fprintf(p->out, " v6only %d", rows[i]->v6only);
		}
		n++;
	}
	return n;
}

static void print_port(const struct doctor_printer *p, const struct sock_row *const *rows, size_t count,
		       const struct process_table *processes)
{
	const char *protocol = is_tcp(rows[0]) ? "tcp" : "udp";
	if (p->json) {
		fprintf(p->out, "{\"type\":\"port\",\"protocol\":\"%s\",\"port\":%u,\"ipv4\":[", protocol,
			rows[0]->local.port);
		list_takers(p, rows, count, FAMILY_IPV4, processes);
		fputs("],\"ipv6\":[", p->out);
		list_takers(p, rows, count, FAMILY_IPV6, processes);
		fputs("],\"unknown\":[", p->out);
		list_takers(p, rows, count, 0, processes);
		fputs("]}\n", p->out);
		return;
	}
	fprintf(p->out, "  %s%u/%s%s  IPv4: ", p->colour ? BOLD : "", rows[0]->local.port, protocol,
		p->colour ? RESET : "");
	if (!list_takers(p, rows, count, FAMILY_IPV4, processes))
		fputs("nobody", p->out);
	fputs("; IPv6: ", p->out);
	if (!list_takers(p, rows, count, FAMILY_IPV6, processes))
		fputs("nobody", p->out);
	size_t unknown = 0;
	for (size_t i = 0; i < count; i++)
		unknown += doctor_families(rows[i]) == 0;
	if (unknown) {
		fputs("; not known (v6only not reported): ", p->out);
		list_takers(p, rows, count, 0, processes);
	}
	fputc('\n', p->out);
}

void doctor_print_ports(const struct doctor_printer *p, const struct sock_row *const *rows, size_t count,
			const struct process_table *processes)
{
	if (!p->json && count)
		fprintf(p->out, "# listening ports: who takes IPv4, who IPv6\n");
	for (size_t i = 0; i < count;) {
		size_t j = i + 1;
		while (j < count && is_tcp(rows[j]) == is_tcp(rows[i]) && rows[j]->local.port == rows[i]->local.port)
			j++;
		print_port(p, rows + i, j - i, processes);
		i = j;
	}
}

static const char *const reuse_texts[] = {"no reuse option", "SO_REUSEADDR", "SO_REUSEPORT",
					  "SO_REUSEADDR and SO_REUSEPORT"};

static const char *request_reuse(const struct bind_request *r)
{
	return reuse_texts[(r->reuseaddr ? 1 : 0) + (r->reuseport ? 2 : 0)];
}

/* "1st" in a cell is the socket already there, "2nd" the new one. */
static void receivers_text(const char *cell, char *out, size_t size)
{
	char v4[16] = "", v6[16] = "";
	if (sscanf(cell, "v4:%15s v6:%15s", v4, v6) != 2) {
		snprintf(out, size, "%s", cell);
		return;
	}
	const char *words[2][2] = {{v4, "IPv4"}, {v6, "IPv6"}};
	size_t used = 0;
	for (int i = 0; i < 2 && used < size; i++) {
		const char *w = words[i][0];
		const char *who = strcmp(w, "1st") == 0 ? "the socket there" : strcmp(w, "2nd") == 0 ? "yours"
				: strcmp(w, "none") == 0 ? "nobody" : w;
		used += (size_t)snprintf(out + used, size - used, "%s%s to %s", i ? ", " : "", words[i][1], who);
	}
}

static void json_prediction(const struct doctor_printer *p, const struct bind_request *r,
			    int bindv6only, const struct prediction *pr, const char *note, const char *caveat,
			    const char *conflict_owner, const struct try_result *tried)
{
	FILE *out = p->out;
	fputs("{\"type\":\"prediction\",", out);
	json_field(out, "bind", r->text, 1);
	fprintf(out, "\"protocol\":\"%s\",\"v6only\":%s,\"bindv6only\":%d,", r->tcp ? "tcp" : "udp",
		r->v6only < 0 ? "null" : r->v6only ? "1" : "0", bindv6only);
	json_field(out, "reuse", request_reuse(r), 1);
	fprintf(out, "\"listen\":%s,", r->listen ? "true" : "false");
	json_field(out, "verdict", prediction_verdict_name[pr->verdict], 1);
	json_field(out, "bind_result", pr->bind_result, 1);
	json_field(out, "listen_result", pr->listen_result, 1);
	fputs("\"conflict\":", out);
	if (conflict_owner) {
		fputs("{", out);
		json_field(out, "process", conflict_owner, 0);
		fputs("}", out);
	} else {
		fputs("null", out);
	}
	fputc(',', out);
	json_field(out, "evidence", pr->evidence, 1);
	json_field(out, "receivers", pr->receivers, 1);
	json_field(out, "reason", pr->reason, 1);
	json_field(out, "lesson", pr->case_name, 1);
	json_field(out, "why", note, 1);
	json_field(out, "caveat", caveat, 1);
	fputs("\"tried\":", out);
	if (tried->made) {
		fputs("{", out);
		json_field(out, "bind_result", tried->bind, 1);
		json_field(out, "listen_result", tried->listen, 0);
		fputs("}", out);
	} else {
		fputs("null", out);
	}
	fputs("}\n", out);
}

void doctor_print_prediction(const struct doctor_printer *p, const struct bind_request *r, int bindv6only,
			     const struct prediction *pr, const char *note, const char *caveat,
			     const struct live_socket *sockets, const struct try_result *tried)
{
	const struct live_socket *conflict = pr->conflict >= 0 ? &sockets[pr->conflict] : NULL;
	if (p->json) {
		json_prediction(p, r, bindv6only, pr, note, caveat, conflict ? conflict->owner : NULL, tried);
		return;
	}
	fprintf(p->out, "# bind %s: %s, IPV6_V6ONLY %s, %s%s\n", r->text, r->tcp ? "tcp" : "udp",
		r->family == AF_INET ? "n/a" : r->v6only < 0 ? "left alone" : r->v6only ? "1" : "0",
		request_reuse(r), r->listen ? ", then listen" : "");
	fprintf(p->out, "prediction: %s%s%s (bind %s, listen %s)\n", p->colour ? BOLD : "",
		prediction_verdict_name[pr->verdict], p->colour ? RESET : "", pr->bind_result, pr->listen_result);
	if (conflict) {
		char local[SOCK_ENDPOINT_TEXT_MAX];
		sock_local_text(conflict->row, local);
		fprintf(p->out, "  conflicts with: %s %s %s v6only %s, held by %s\n",
			sock_file_name(conflict->row->file), sock_state_name(conflict->row->file, conflict->row->state),
			local, v6only_text(conflict->row->v6only), conflict->owner);
	}
	if (*pr->evidence)
		fprintf(p->out, "  from: %s\n", pr->evidence);
	if (*pr->reason)
		fprintf(p->out, "  unknown because: %s\n", pr->reason);
	if (*pr->receivers && pr->verdict == VERDICT_SUCCEEDS) {
		char text[128];
		receivers_text(pr->receivers, text, sizeof text);
		fprintf(p->out, "  then (the matrix's connections to 127.0.0.1 and [::1]): %s\n", text);
	}
	if (pr->verdict != VERDICT_UNKNOWN && *note)
		fprintf(p->out, "  why (the lesson's note): %s\n", note);
	if (pr->verdict != VERDICT_UNKNOWN && *pr->case_name)
		fprintf(p->out, "  more: dslab explain '%s' (the rules, RFC 3493 §3.7 and §5.3, and the "
			"kernel functions behind them)\n", pr->case_name);
	if (*caveat)
		fprintf(p->out, "  caveat: %s\n", caveat);
	if (tried->made) {
		int same = pr->verdict != VERDICT_UNKNOWN && strcmp(tried->bind, pr->bind_result) == 0 &&
			   strcmp(tried->listen, pr->listen_result) == 0;
		fprintf(p->out, "tried: bind %s, listen %s (%s)\n", tried->bind, tried->listen,
			pr->verdict == VERDICT_UNKNOWN ? "the prediction was unknown"
			: same			      ? "as predicted"
						      : "NOT as predicted");
	}
}
