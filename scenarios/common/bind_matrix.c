#include "bind_matrix.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "errno_name.h"
#include "lesson.h"

const struct end matrix_ends[END_COUNT] = {
	{"0.0.0.0", INET, "0.0.0.0"},
	{"127.0.0.1", INET, "127.0.0.1"},
	{"::", V6ONLY_UNSET, "[::]"},
	{"::", V6ONLY_0, "[::] v6only=0"},
	{"::", V6ONLY_1, "[::] v6only=1"},
	{"::1", V6ONLY_UNSET, "[::1]"},
	{"::1", V6ONLY_0, "[::1] v6only=0"},
	{"::1", V6ONLY_1, "[::1] v6only=1"},
	{"::ffff:0.0.0.0", V6ONLY_UNSET, "[::ffff:0.0.0.0]"},
	{"::ffff:0.0.0.0", V6ONLY_0, "[::ffff:0.0.0.0] v6only=0"},
	{"::ffff:0.0.0.0", V6ONLY_1, "[::ffff:0.0.0.0] v6only=1"},
	{"::ffff:127.0.0.1", V6ONLY_UNSET, "[::ffff:127.0.0.1]"},
	{"::ffff:127.0.0.1", V6ONLY_0, "[::ffff:127.0.0.1] v6only=0"},
	{"::ffff:127.0.0.1", V6ONLY_1, "[::ffff:127.0.0.1] v6only=1"},
};

const char *const reuse_name[3] = {"no reuse option", "SO_REUSEADDR on both",
				   "SO_REUSEPORT on both"};

const char *const column_group[4] = {
	"second socket AF_INET", "second socket AF_INET6, v6only unset",
	"second socket AF_INET6, v6only=0", "second socket AF_INET6, v6only=1"};

const char *const receiver_name[5] = {"none", "1st", "2nd", "shared", "lost"};

enum reuse matrix_reuse(void)
{
	static const char *const option[] = {"none", "addr", "port"};
	const char *value = scenario_option("reuse", "none");
	for (enum reuse r = REUSE_NONE; r <= REUSE_PORT; r++)
		if (strcmp(value, option[r]) == 0)
			return r;
	report_fail("option reuse: none, addr or port, not '%s'", value);
}

void matrix_grids(const char *setting, const char *calls, matrix_cell_function *cell, void *context)
{
	for (enum mode group = INET; group <= V6ONLY_1; group++) {
		char grid[160];
		snprintf(grid, sizeof grid, "%s, %s", setting, column_group[group]);
		report_grid_form(grid, "first socket", "second socket", calls,
				 "v4:to 127.0.0.1; v6:to [::1]");
		for (size_t i = 0; i < END_COUNT; i++)
			for (size_t j = 0; j < END_COUNT; j++)
				if (matrix_ends[j].mode == group)
					cell(grid, &matrix_ends[i], &matrix_ends[j], context);
	}
}

uint16_t next_cell_port(void)
{
	static uint16_t next = 20000;
	return next++;
}

socklen_t make_end_address(const struct end *e, uint16_t port, struct sockaddr_storage *out)
{
	memset(out, 0, sizeof *out);
	if (e->mode == INET) {
		struct sockaddr_in sin = make_sockaddr_in(e->address, port);
		memcpy(out, &sin, sizeof sin);
		return sizeof sin;
	}
	struct sockaddr_in6 sin6 = make_sockaddr_in6(e->address, port);
	memcpy(out, &sin6, sizeof sin6);
	return sizeof sin6;
}

int open_end_socket(const struct end *e, enum reuse reuse, int type)
{
	int one = 1, v6only = e->mode == V6ONLY_1;
	int fd = socket(e->mode == INET ? AF_INET : AF_INET6, type | SOCK_NONBLOCK, 0);
	if (fd < 0)
		report_fail("socket: %s", errno_name(errno));
	if ((e->mode == V6ONLY_0 || e->mode == V6ONLY_1) &&
	    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, sizeof v6only) != 0)
		report_fail("setsockopt(IPV6_V6ONLY): %s", errno_name(errno));
	if (reuse == REUSE_ADDR && setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0)
		report_fail("setsockopt(SO_REUSEADDR): %s", errno_name(errno));
	if (reuse == REUSE_PORT && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) != 0)
		report_fail("setsockopt(SO_REUSEPORT): %s", errno_name(errno));
	return fd;
}
