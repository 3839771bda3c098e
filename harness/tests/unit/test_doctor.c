/* dslab doctor's pure parts: its command line, the matrices' cells taken
 * apart, addresses as grid labels, predictions from the real goldens for
 * made-up tables, the sentences, and owners from a /proc laid out in a
 * temporary directory. */
#include "unit_test.h"

#include <arpa/inet.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bind_knowledge.h"
#include "bind_predict.h"
#include "doctor_explain.h"
#include "doctor_options.h"
#include "matrix_labels.h"
#include "process_table.h"

static int parse(const char *line, struct doctor_options *o, char *error, size_t size)
{
	char copy[512], *argv[32];
	int argc = 0;
	snprintf(copy, sizeof copy, "%s", line);
	for (char *word = strtok(copy, " "); word && argc < 32; word = strtok(NULL, " "))
		argv[argc++] = word;
	return doctor_parse(argc, argv, o, error, size);
}

static void test_options(void **state)
{
	(void)state;
	struct doctor_options o;
	char error[256];
	assert_int_equal(parse("--bind [2001:db8::1]:8080 --v6only 1 --reuseport --listen --try", &o, error, sizeof error), 0);
	assert_true(o.predict && o.try_bind && o.bind.tcp && o.bind.listen && o.bind.reuseport);
	assert_int_equal(o.bind.family, AF_INET6);
	assert_int_equal(o.bind.port, 8080);
	assert_int_equal(o.bind.v6only, 1);
	assert_int_equal(parse("--format=json 22 80", &o, error, sizeof error), 0);
	assert_true(o.json && !o.predict);
	assert_int_equal(o.port_count, 2);
	assert_int_equal(o.ports[1], 80);
	/* A scope: kept as typed, looked up later in the namespace. */
	assert_int_equal(parse("--bind [fe80::1%eth0]:80", &o, error, sizeof error), 0);
	assert_string_equal(o.bind.scope, "eth0");
	assert_string_equal(o.bind.text, "[fe80::1%eth0]:80");
	assert_int_equal(parse("--bind [fe80::1]:80", &o, error, sizeof error), 0);
	assert_string_equal(o.bind.scope, "");
	static const char *const bad[] = {
		"--bind [fe80::1%]:80", "--bind [fe80::1%a/b]:80", "--bind [fe80::1%abcdefghijklmnop]:80",
		"--bind 192.0.2.1%lo:80", "--bind 192.0.2.1", "--bind 192.0.2.1:0", "--bind [::1]", "--bind ::1:80",
		"--v6only 1 --bind 192.0.2.1:80", "--udp --listen --bind 0.0.0.0:53", "--try",
		"--pid 0", "--netns a/b", "--tcp --udp --bind 0.0.0.0:1", "65536", "--bind 0.0.0.0:80 80",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		error[0] = '\0';
		assert_int_equal(parse(bad[i], &o, error, sizeof error), -1);
		assert_true(error[0] != '\0' && !strchr(error, '\n'));
	}
}

static void test_cell_split(void **state)
{
	(void)state;
	struct cell_results c;
	struct matrix_key bbll = {1, 0, MATRIX_REUSE_NONE, MATRIX_BBLL}, blbl = bbll, udp = bbll;
	blbl.order = MATRIX_BLBL;
	udp.tcp = 0;
	assert_int_equal(matrix_cell_split(&bbll, "0/EADDRINUSE/0/-", &c), 0);
	assert_string_equal(c.second_bind, "EADDRINUSE");
	assert_string_equal(c.first_listen, "0");
	assert_string_equal(c.second_listen, "-");
	assert_int_equal(matrix_cell_split(&blbl, "0/0/0/0 v4:1st v6:2nd", &c), 0);
	assert_string_equal(c.second_bind, "0");
	assert_string_equal(c.receivers, "v4:1st v6:2nd");
	assert_int_equal(matrix_cell_split(&udp, "EINVAL/0", &c), 0);
	assert_string_equal(c.first_bind, "EINVAL");
	assert_string_equal(c.second_bind, "0");
	assert_int_equal(matrix_cell_split(&bbll, "0/0", &c), -1);
}

static void test_labels(void **state)
{
	(void)state;
	uint8_t a[16] = {0}, b[16] = {0};
	char label[64];
	inet_pton(AF_INET6, "::ffff:192.0.2.1", a);
	assert_int_equal(address_kind_of(AF_INET6, a), ONE_MAPPED);
	matrix_label(ONE_MAPPED, 0, label, sizeof label);
	assert_string_equal(label, "[::ffff:127.0.0.1] v6only=0");
	matrix_label(ANY_V6, -1, label, sizeof label);
	assert_string_equal(label, "[::]");
	assert_false(is_matrix_address(AF_INET6, a));
	inet_pton(AF_INET, "192.0.2.1", b);
	assert_false(different_specific_addresses(AF_INET6, a, AF_INET, b)); /* one IPv4 address */
	inet_pton(AF_INET, "192.0.2.2", b);
	assert_true(different_specific_addresses(AF_INET6, a, AF_INET, b));
}

/* A live socket for the predictions. */
static struct sock_row row_of(int family, const char *address, uint16_t port, int state, int v6only)
{
	struct sock_row row = {.state = state, .v6only = v6only};
	row.file = family == AF_INET ? FILE_TCP : FILE_TCP6;
	row.local.family = row.remote.family = family;
	inet_pton(family, address, row.local.addr);
	row.local.port = port;
	return row;
}

static void request_of(struct bind_request *r, const char *endpoint)
{
	char error[256];
	memset(r, 0, sizeof *r);
	r->tcp = 1;
	r->v6only = -1;
	assert_int_equal(doctor_parse_endpoint(endpoint, r, error, sizeof error), 0);
}

static void test_predict(void **state)
{
	(void)state;
	struct predict_context context = {.bindv6only = 0, .address_is_local = 1, .expected_dir = EXPECTED_DIR};
	struct sock_row nginx4 = row_of(AF_INET, "0.0.0.0", 80, 10, V6ONLY_UNDEFINED);
	struct live_socket s = {.row = &nginx4, .owner = "nginx(812)", .options_known = 1,
				.options = {.reuseaddr = 1, .v6only = -1}};
	struct bind_request r;
	struct prediction p;
	char why[256];
	/* nginx's "listen [::]:80 ipv6only=off;" after "listen 80;". */
	request_of(&r, "[::]:80");
	r.v6only = 0, r.reuseaddr = 1, r.listen = 1;
	assert_int_equal(bind_predict(&r, &s, 1, &context, &p, why, sizeof why), 0);
	assert_int_equal(p.verdict, VERDICT_FAILS);
	assert_string_equal(p.bind_result, "EADDRINUSE");
	assert_int_equal(p.conflict, 0);
	assert_non_null(strstr(p.evidence, "cell 0.0.0.0 x [::] v6only=0 = 0/0/EADDRINUSE/-"));
	/* ipv6only=on: both listen. */
	r.v6only = 1;
	assert_int_equal(bind_predict(&r, &s, 1, &context, &p, why, sizeof why), 0);
	assert_int_equal(p.verdict, VERDICT_SUCCEEDS);
	assert_string_equal(p.listen_result, "0");
	/* Reuse options that differ: not a cell of the matrices. */
	r.reuseaddr = 0;
	assert_int_equal(bind_predict(&r, &s, 1, &context, &p, why, sizeof why), 0);
	assert_int_equal(p.verdict, VERDICT_UNKNOWN);
	assert_non_null(strstr(p.reason, "same one"));
	/* A free port: a mapped address on a v6-only socket is EINVAL. */
	request_of(&r, "[::ffff:127.0.0.1]:80");
	r.v6only = 1;
	assert_int_equal(bind_predict(&r, NULL, 0, &context, &p, why, sizeof why), 0);
	assert_int_equal(p.verdict, VERDICT_FAILS);
	assert_string_equal(p.bind_result, "EINVAL");
	/* Not an address of the namespace. */
	context.address_is_local = 0;
	request_of(&r, "192.0.2.1:80");
	assert_int_equal(bind_predict(&r, NULL, 0, &context, &p, why, sizeof why), 0);
	assert_int_equal(p.verdict, VERDICT_UNKNOWN);
	/* A broken source tree is an error, not an unknown. */
	context.address_is_local = 1;
	context.expected_dir = "/nonexistent";
	assert_int_equal(bind_predict(&r, NULL, 0, &context, &p, why, sizeof why), -1);
}

/* What the running kernel's recorded cells change, and what no cell covers. */
static void test_predict_limits(void **state)
{
	(void)state;
	struct predict_context context = {.bindv6only = 0, .address_is_local = 1, .expected_dir = EXPECTED_DIR};
	struct bind_request r;
	struct prediction p;
	char why[256];
	/* Linux 6.1's recorded cells: [::ffff:127.0.0.1] v6only=0 next to a
	 * listening [::ffff:0.0.0.0] v6only=0 binds and listens there, and is
	 * EADDRINUSE on the reference kernel. */
	struct sock_row mapped_any = row_of(AF_INET6, "::ffff:0.0.0.0", 80, 10, 0);
	struct live_socket m = {.row = &mapped_any, .owner = "x(1)", .options_known = 1, .options = {.v6only = 0}};
	request_of(&r, "[::ffff:127.0.0.1]:80");
	r.v6only = 0, r.listen = 1;
	assert_int_equal(bind_predict(&r, &m, 1, &context, &p, why, sizeof why), 0);
	assert_string_equal(p.bind_result, "EADDRINUSE");
	assert_string_equal(p.kernel_tag, "");
	context.kernel_tag = "linux-6.1";
	assert_int_equal(bind_predict(&r, &m, 1, &context, &p, why, sizeof why), 0);
	assert_int_equal(p.verdict, VERDICT_SUCCEEDS);
	assert_string_equal(p.kernel_tag, "linux-6.1");
	assert_non_null(strstr(p.evidence, "order=blbl@linux-6.1: cell "));
	context.kernel_tag = NULL;
	/* A scope binds to a device; a link-local address needs one. */
	request_of(&r, "[fe80::1%lo]:80");
	assert_int_equal(bind_predict(&r, NULL, 0, &context, &p, why, sizeof why), 0);
	assert_int_equal(p.verdict, VERDICT_UNKNOWN);
	assert_non_null(strstr(p.reason, "binds the socket to device lo"));
	request_of(&r, "[fe80::1]:80");
	assert_int_equal(bind_predict(&r, NULL, 0, &context, &p, why, sizeof why), 0);
	assert_int_equal(p.verdict, VERDICT_UNKNOWN);
	assert_non_null(strstr(p.reason, "needs a scope"));
	/* A TIME-WAIT socket (no owner) and IP_TRANSPARENT: unknown. */
	struct sock_row tw = row_of(AF_INET, "127.0.0.1", 80, 6, V6ONLY_UNDEFINED);
	struct live_socket t = {.row = &tw, .owner = "-"};
	request_of(&r, "127.0.0.1:80");
	assert_int_equal(bind_predict(&r, &t, 1, &context, &p, why, sizeof why), 0);
	assert_int_equal(p.verdict, VERDICT_UNKNOWN);
	assert_non_null(strstr(p.reason, "TIME-WAIT 127.0.0.1:80 (no process holds it)"));
	struct sock_row listener = row_of(AF_INET, "0.0.0.0", 80, 10, V6ONLY_UNDEFINED);
	struct live_socket l = {.row = &listener, .owner = "x(1)", .options_known = 1,
				.options = {.transparent = 1, .v6only = -1}};
	assert_int_equal(bind_predict(&r, &l, 1, &context, &p, why, sizeof why), 0);
	assert_int_equal(p.verdict, VERDICT_UNKNOWN);
	assert_non_null(strstr(p.reason, "IP_TRANSPARENT"));
}

static void test_sentences(void **state)
{
	(void)state;
	char text[512];
	struct sock_row dual = row_of(AF_INET6, "::", 8000, 10, V6ONLY_OFF);
	doctor_explain_row(&dual, text, sizeof text);
	assert_non_null(strstr(text, "RFC 3493 §3.7"));
	assert_int_equal(doctor_families(&dual), FAMILY_IPV4 | FAMILY_IPV6);
	dual.v6only = V6ONLY_UNKNOWN;
	doctor_explain_row(&dual, text, sizeof text);
	assert_non_null(strstr(text, "not known"));
	assert_int_equal(doctor_families(&dual), 0);
	struct sock_row accepted = row_of(AF_INET6, "::ffff:127.0.0.1", 8000, 1, V6ONLY_UNKNOWN);
	inet_pton(AF_INET6, "::ffff:127.0.0.1", accepted.remote.addr);
	accepted.remote.port = 40000;
	doctor_explain_row(&accepted, text, sizeof text);
	assert_non_null(strstr(text, "netstat prints it as plain IPv4 on a tcp6 line"));
}

static void test_process_table(void **state)
{
	(void)state;
	char root[] = "/tmp/dslab-proc.XXXXXX", path[256];
	assert_non_null(mkdtemp(root));
	snprintf(path, sizeof path, "%s/812", root);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/812/fd", root);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/812/fd/6", root);
	assert_int_equal(symlink("socket:[4242]", path), 0);
	snprintf(path, sizeof path, "%s/812/fd/1", root);
	assert_int_equal(symlink("/dev/null", path), 0);
	snprintf(path, sizeof path, "%s/812/comm", root);
	FILE *f = fopen(path, "w");
	fputs("nginx\n", f);
	fclose(f);
	struct process_table t;
	assert_int_equal(process_table_read(&t, root), 0);
	size_t count;
	const struct socket_owner *o = process_table_find(&t, 4242, &count);
	assert_int_equal(count, 1);
	assert_string_equal(o->name, "nginx");
	assert_int_equal(o->pid, 812);
	assert_int_equal(o->fd, 6);
	assert_null(process_table_find(&t, 4243, &count));
	process_table_free(&t);
	char command[300];
	snprintf(command, sizeof command, "rm -rf '%s'", root);
	assert_int_equal(system(command), 0);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_options),       cmocka_unit_test(test_cell_split),
	cmocka_unit_test(test_labels),        cmocka_unit_test(test_predict),
	cmocka_unit_test(test_predict_limits),
	cmocka_unit_test(test_sentences),     cmocka_unit_test(test_process_table),
};

UNIT_TEST_MAIN(tests)
