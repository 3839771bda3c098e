/* bind_matrix: what the two bind-conflict lessons (bind_matrix_tcp,
 * bind_matrix_udp) share — the 14 sockets of a pair, the reuse settings,
 * the grids' labels, and the plumbing that opens a cell's socket. The
 * calls each cell teaches (bind, listen, connect, send) stay in the
 * scenarios. */
#ifndef DSLAB_BIND_MATRIX_H
#define DSLAB_BIND_MATRIX_H

#include <stdint.h>
#include <sys/socket.h>

/* One socket of a pair: its address, and what is done with IPV6_V6ONLY
 * before bind() (nothing for AF_INET). */
enum mode { INET, V6ONLY_UNSET, V6ONLY_0, V6ONLY_1 };

struct end {
	const char *address;
	enum mode mode;
	const char *label;
};

/* 0.0.0.0 and 127.0.0.1 (AF_INET); [::], [::1], [::ffff:0.0.0.0] and
 * [::ffff:127.0.0.1] (AF_INET6), each with IPV6_V6ONLY unset, 0 and 1. */
#define END_COUNT 14
extern const struct end matrix_ends[END_COUNT];

enum reuse { REUSE_NONE, REUSE_ADDR, REUSE_PORT };
extern const char *const reuse_name[3];

/* This case's reuse setting: the scenario option "reuse" (none, addr or
 * port, declared with dslab-option); anything else is a harness error. */
enum reuse matrix_reuse(void);

/* A grid's columns: the second sockets of one family and IPV6_V6ONLY
 * (enum mode's order). */
extern const char *const column_group[4];

/* Who got a connection or a datagram. LOST (it went nowhere a socket or
 * an error could tell) would be a harness problem; it stays visible. */
enum receiver { NONE, FIRST, SECOND, SHARED, LOST };
extern const char *const receiver_name[5];

/* Of SO_REUSEPORT's connections or datagrams, each goes to either socket
 * of a group with even odds: 32 all to one socket of a shared group happen
 * once in 2^31 cells. */
#define REUSEPORT_TRIES 32

/* The grids of a case, one per column group (the second socket's family
 * and IPV6_V6ONLY, column_group's order): every first socket of
 * matrix_ends against every second socket of the group, each cell by
 * cell(). Grid GROUP is named "<setting>, <column_group[GROUP]>"; its form
 * is reported before its cells (lesson.h, report_grid_form): rows the
 * first socket, columns the second, a cell the results of calls, then the
 * v4: and v6: receivers. */
typedef void matrix_cell_function(const char *grid, const struct end *first, const struct end *second,
				  void *context);
void matrix_grids(const char *setting, const char *calls, matrix_cell_function *cell, void *context);

/* A fresh port for every cell, from 20000 up: below the ephemeral range. */
uint16_t next_cell_port(void);

/* The address of one end on a port. */
socklen_t make_end_address(const struct end *e, uint16_t port, struct sockaddr_storage *out);

/* A cell's socket of the given type: its family, IPV6_V6ONLY, the reuse
 * option, non-blocking (so accept() or recv() answers at once). These
 * calls cannot fail here; if one does, that is a harness error. */
int open_end_socket(const struct end *e, enum reuse reuse, int type);

#endif
