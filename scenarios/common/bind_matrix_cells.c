#include "bind_matrix_cells.h"

#include <stdio.h>
#include <string.h>

static const char *const reuse_option[] = {"none", "addr", "port"};
static const char *const order_option[] = {"bbll", "blbl"};

void matrix_case_name(const struct matrix_key *key, char *out, size_t size)
{
	if (key->tcp)
		snprintf(out, size, "bind_matrix_tcp/bindv6only=%d,reuse=%s,order=%s", key->bindv6only,
			 reuse_option[key->reuse], order_option[key->order]);
	else
		snprintf(out, size, "bind_matrix_udp/bindv6only=%d,reuse=%s", key->bindv6only,
			 reuse_option[key->reuse]);
}

/* Copies the next "/"-separated result of *p into out. */
static int next_result(const char **p, char *out, size_t size)
{
	size_t len = strcspn(*p, "/ ");
	if (len == 0 || len >= size)
		return -1;
	memcpy(out, *p, len);
	out[len] = '\0';
	*p += len;
	if (**p == '/')
		(*p)++;
	return 0;
}

int matrix_cell_split(const struct matrix_key *key, const char *value, struct cell_results *out)
{
	memset(out, 0, sizeof *out);
	const char *p = value;
	int rc;
	/* The grid's order of the calls (bind_matrix_tcp.c, run_cell). */
	if (!key->tcp) {
		rc = next_result(&p, out->first_bind, sizeof out->first_bind) ||
		     next_result(&p, out->second_bind, sizeof out->second_bind);
		strcpy(out->first_listen, "-");
		strcpy(out->second_listen, "-");
	} else if (key->order == MATRIX_BBLL) {
		rc = next_result(&p, out->first_bind, sizeof out->first_bind) ||
		     next_result(&p, out->second_bind, sizeof out->second_bind) ||
		     next_result(&p, out->first_listen, sizeof out->first_listen) ||
		     next_result(&p, out->second_listen, sizeof out->second_listen);
	} else {
		rc = next_result(&p, out->first_bind, sizeof out->first_bind) ||
		     next_result(&p, out->first_listen, sizeof out->first_listen) ||
		     next_result(&p, out->second_bind, sizeof out->second_bind) ||
		     next_result(&p, out->second_listen, sizeof out->second_listen);
	}
	if (rc)
		return -1;
	while (*p == ' ')
		p++;
	snprintf(out->receivers, sizeof out->receivers, "%s", p);
	return 0;
}

int matrix_receivers(const char *receivers, char v4[16], char v6[16])
{
	v4[0] = v6[0] = '\0';
	return sscanf(receivers, "v4:%15s v6:%15s", v4, v6) == 2 ? 0 : -1;
}
