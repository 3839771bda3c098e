/* doctor_output: dslab doctor's words, human or JSON lines (the contract
 * is in README.md, "dslab doctor --format json"). */
#ifndef DSLAB_DOCTOR_OUTPUT_H
#define DSLAB_DOCTOR_OUTPUT_H

#include <stdio.h>

#include "bind_predict.h"
#include "process_table.h"
#include "sock_row.h"

struct doctor_printer {
	FILE *out;
	int json;
	int colour;     /* human only: a terminal, NO_COLOR unset or empty */
};

/* What --try found: each call's result ("0", an errno name, "-" not made). */
struct try_result {
	int made;
	char bind[24], listen[24];
};

/* "nginx(812)", "nginx(812)+2" when more processes hold it, or "-". */
void doctor_owner_text(const struct process_table *processes, unsigned long inode, char *out, size_t size);

void doctor_print_title(const struct doctor_printer *p, const char *where, int bindv6only);
void doctor_print_row(const struct doctor_printer *p, const struct sock_row *row,
		      const struct process_table *processes);
/* Per listening port (rows sorted by protocol and port): who takes IPv4, who IPv6. */
void doctor_print_ports(const struct doctor_printer *p, const struct sock_row *const *rows,
			size_t count, const struct process_table *processes);
/* note: the lesson's note for the cell's grid (doctor_why.h), or "";
 * caveat: what this machine may hide from the prediction, or "". */
void doctor_print_prediction(const struct doctor_printer *p, const struct bind_request *r,
			     int bindv6only, const struct prediction *prediction, const char *note,
			     const char *caveat, const struct live_socket *sockets,
			     const struct try_result *tried);

#endif
