#include "proc_net.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "growth.h"

enum { FIELD_SLOT, FIELD_LOCAL, FIELD_REMOTE, FIELD_STATE, FIELD_QUEUES,
       FIELD_TIMER, FIELD_RETRANSMITS, FIELD_UID, FIELD_TIMEOUT, FIELD_INODE,
       FIELDS_NEEDED };

#define MAX_FIELD 64

/* Copies the next whitespace-separated field of *cursor into out. */
static int next_field(const char **cursor, const char *end, char out[MAX_FIELD])
{
	const char *p = *cursor;
	while (p < end && isspace((unsigned char)*p))
		p++;
	const char *start = p;
	while (p < end && !isspace((unsigned char)*p))
		p++;
	size_t len = (size_t)(p - start);
	if (len == 0 || len >= MAX_FIELD)
		return -1;
	memcpy(out, start, len);
	out[len] = '\0';
	*cursor = p;
	return 0;
}

/* Exactly `digits` hex digits (0 = any count from 1 to 16). */
static int parse_hex(const char *s, size_t digits, unsigned long long *value)
{
	size_t len = strlen(s);
	if (len == 0 || len > 16 || (digits && len != digits))
		return -1;
	unsigned long long v = 0;
	for (size_t i = 0; i < len; i++) {
		int c = (unsigned char)s[i];
		if (!isxdigit(c))
			return -1;
		v = v * 16 + (unsigned)(isdigit(c) ? c - '0' : tolower(c) - 'a' + 10);
	}
	*value = v;
	return 0;
}

static int parse_endpoint(const char *field, int family, struct sock_endpoint *ep)
{
	size_t addr_digits = family == AF_INET6 ? 32 : 8;
	const char *colon = strchr(field, ':');
	if (!colon || (size_t)(colon - field) != addr_digits)
		return -1;

	memset(ep, 0, sizeof *ep);
	ep->family = family;
	for (size_t word = 0; word < addr_digits / 8; word++) {
		char hex[9];
		unsigned long long value;
		memcpy(hex, field + word * 8, 8);
		hex[8] = '\0';
		if (parse_hex(hex, 8, &value))
			return -1;
		uint32_t host_word = (uint32_t)value;
		memcpy(ep->addr + word * 4, &host_word, 4);
	}
	unsigned long long port;
	if (parse_hex(colon + 1, 4, &port))
		return -1;
	ep->port = (uint16_t)port;
	return 0;
}

int proc_net_parse_line(const char *line, enum sock_file file, struct sock_row *row)
{
	const char *end = line + strlen(line);
	char field[FIELDS_NEEDED][MAX_FIELD];
	for (int i = 0; i < FIELDS_NEEDED; i++)
		if (next_field(&line, end, field[i]))
			return -1;

	size_t slot_len = strlen(field[FIELD_SLOT]);
	if (slot_len < 2 || field[FIELD_SLOT][slot_len - 1] != ':')
		return -1;

	int family = (file == FILE_TCP6 || file == FILE_UDP6) ? AF_INET6 : AF_INET;
	memset(row, 0, sizeof *row);
	row->file = file;
	if (parse_endpoint(field[FIELD_LOCAL], family, &row->local) ||
	    parse_endpoint(field[FIELD_REMOTE], family, &row->remote))
		return -1;

	unsigned long long state;
	if (parse_hex(field[FIELD_STATE], 2, &state) || state == 0)
		return -1;
	row->state = (int)state;

	char *inode_end;
	errno = 0;
	unsigned long inode = strtoul(field[FIELD_INODE], &inode_end, 10);
	if (errno || *inode_end || !isdigit((unsigned char)field[FIELD_INODE][0]))
		return -1;
	row->inode = inode;
	row->v6only = family == AF_INET6 ? V6ONLY_UNKNOWN : V6ONLY_UNDEFINED;
	return 0;
}

int proc_net_parse(const char *text, size_t len, enum sock_file file, struct sock_rows *rows)
{
	const char *end = text + len;
	const char *line = memchr(text, '\n', len); /* skip the header line */
	if (!line)
		return len == 0 ? 0 : -1;
	line++;
	while (line < end) {
		const char *eol = memchr(line, '\n', (size_t)(end - line));
		if (!eol)
			return -1; /* the kernel ends every line with '\n' */
		size_t line_len = (size_t)(eol - line);
		char buf[512];
		if (line_len >= sizeof buf)
			return -1;
		memcpy(buf, line, line_len);
		buf[line_len] = '\0';
		struct sock_row row;
		if (memchr(line, '\0', line_len) || proc_net_parse_line(buf, file, &row) ||
		    sock_rows_append(rows, &row))
			return -1;
		line = eol + 1;
	}
	return 0;
}

int proc_net_read_text(enum sock_file file, char **text_out, size_t *len_out)
{
	char path[32];
	snprintf(path, sizeof path, "/proc/net/%s", sock_file_name(file));
	FILE *f = fopen(path, "re");
	if (!f)
		return -1;
	char *text = NULL;
	size_t len = 0, capacity = 0;
	int rc = 0;
	for (;;) {
		/* At least 4 KiB free for the next read. */
		char *grown = grow_to_fit(text, len + 4096, &capacity, 1, 16384, 0);
		if (!grown) {
			rc = -1;
			break;
		}
		text = grown;
		size_t got = fread(text + len, 1, capacity - len, f);
		len += got;
		/* Stop at the first end of file: every read() of these files
		 * walks the kernel's whole hash table (for tcp the global
		 * ehash, 2^18 buckets on a 24 GiB machine, ~1.6 ms), even the
		 * one that only finds the end, and another fread would ask
		 * again. */
		if (got == 0 || feof(f)) {
			rc = ferror(f) ? -1 : 0;
			break;
		}
	}
	fclose(f);
	if (rc) {
		free(text);
		return -1;
	}
	*text_out = text;
	*len_out = len;
	return 0;
}

int proc_net_read(enum sock_file file, struct sock_rows *rows)
{
	char *text;
	size_t len;
	if (proc_net_read_text(file, &text, &len))
		return -1;
	int rc = proc_net_parse(text, len, file, rows);
	free(text);
	return rc;
}
