/* Annotation files (annotations.h): the parser, its one-line errors naming
 * file and line, the '*' patterns; the lesson header read from a scenario's
 * leading comment; explain_render and explain_check (explain.h); the close
 * matches for a mistyped case (suggest.h). */
#include "unit_test.h"

#include "annotations.h"
#include "explain.h"
#include "suggest.h"

static const char good_file[] =
	"# a comment\n"
	"header: Lesson, Why\n"
	"\n"
	"line: bind(server,   [::]:5555) = 0\n"
	"variants: bindv6only=0 other=*\n"
	"\tfirst note line\n"
	"  second, indented with spaces\n"
	"match: accepted = accept(server) peer [::ffff:*\n"
	"\tmapped\n";

static void test_parse_good(void **state)
{
	(void)state;
	struct annotation_file f;
	char why[256] = "";
	assert_int_equal(annotations_parse(good_file, "x.explain", &f, why, sizeof why), 0);
	assert_non_null(f.header);
	assert_string_equal(f.header[0], "Lesson");
	assert_string_equal(f.header[1], "Why");
	assert_null(f.header[2]);
	assert_int_equal(f.header_line, 2);
	assert_int_equal(f.count, 2);
	assert_int_equal(f.item[0].kind, ANCHOR_LINE);
	assert_int_equal(f.item[0].file_line, 4);
	assert_string_equal(f.item[0].anchor, "bind(server, [::]:5555) = 0"); /* squeezed */
	assert_string_equal(f.item[0].variants[0], "bindv6only=0");
	assert_string_equal(f.item[0].variants[1], "other=*");
	assert_null(f.item[0].variants[2]);
	assert_string_equal(f.item[0].note[0], "first note line");
	assert_string_equal(f.item[0].note[1], "second, indented with spaces");
	assert_null(f.item[0].note[2]);
	assert_int_equal(f.item[1].kind, ANCHOR_MATCH);
	assert_null(f.item[1].variants);
	assert_true(annotation_applies(&f.item[0], "bindv6only=0"));
	assert_true(annotation_applies(&f.item[0], "other=7"));
	assert_false(annotation_applies(&f.item[0], "bindv6only=1"));
	assert_true(annotation_applies(&f.item[1], "anything"));
	/* Column alignment does not matter, the fields do. */
	assert_true(annotation_names_line(&f.item[0], "bind(server, [::]:5555) = 0"));
	assert_true(annotation_names_line(&f.item[0], "  bind(server,\t[::]:5555)  =  0  "));
	assert_false(annotation_names_line(&f.item[0], "bind(server, [::]:5555) = EINVAL"));
	assert_true(annotation_names_line(&f.item[1],
					  "accepted = accept(server)  peer [::ffff:127.0.0.1]:EPH1 on x"));
	annotations_free(&f);
}

static void test_parse_empty(void **state)
{
	(void)state;
	struct annotation_file f;
	char why[256];
	assert_int_equal(annotations_parse("", "e.explain", &f, why, sizeof why), 0);
	assert_int_equal(f.count, 0);
	assert_null(f.header);
	annotations_free(&f);
}

/* Each bad file: one line naming the file and the line. */
static void expect_error(const char *text, const char *want)
{
	struct annotation_file f;
	char why[256] = "";
	if (annotations_parse(text, "bad.explain", &f, why, sizeof why) == 0)
		fail_msg("parsed, expected the error '%s':\n%s", want, text);
	assert_null(strchr(why, '\n'));
	if (!strstr(why, want))
		fail_msg("error '%s' does not contain '%s'", why, want);
	assert_int_equal(f.count, 0);
	assert_null(f.item);
	annotations_free(&f);
}

static void test_parse_errors(void **state)
{
	(void)state;
	expect_error("\tnote first\n", "bad.explain:1: a note line before any line: or match:");
	expect_error("line: x = 0\nline: y = 0\n\tnote\n", "bad.explain:1: 'x = 0' has no note");
	expect_error("# c\nline: x = 0\n", "bad.explain:2: 'x = 0' has no note");
	expect_error("lines: x\n", "bad.explain:1: expected line:, match:, variants:");
	expect_error("line x\n", "bad.explain:1: expected line:");
	expect_error("line:   \n\tnote\n", "bad.explain:1: line: needs the golden line");
	expect_error("match:\n", "bad.explain:1: match: needs the golden line");
	expect_error("variants: a\n", "bad.explain:1: variants: must come right after");
	expect_error("line: x\n\tnote\nvariants: a\n", "bad.explain:3: variants: must come right after");
	expect_error("line: x\nvariants: a\nvariants: b\n\tn\n", "bad.explain:3: variants: given twice");
	expect_error("line: x\nvariants:  \n\tn\n", "bad.explain:2: variants: needs at least one pattern");
	expect_error("header: A\nheader: B\n", "bad.explain:2: header: given twice");
	expect_error("line: x\n\tn\nheader: A\n", "bad.explain:3: header: must come before");
	expect_error("header: A,,B\n", "bad.explain:1: header: needs paragraph beginnings");
	expect_error("line: x\r\n\tn\n", "bad.explain:1: carriage return");
	expect_error("line: x\n\tn\x01\n", "bad.explain:2: control character 0x01");
	expect_error("line: x\n note with one space\n", "bad.explain:2: indent note lines");
}

static void test_pattern(void **state)
{
	(void)state;
	assert_true(annotation_pattern_match("abc", "abc"));
	assert_false(annotation_pattern_match("abc", "abcd"));
	assert_false(annotation_pattern_match("abcd", "abc"));
	assert_true(annotation_pattern_match("*", ""));
	assert_true(annotation_pattern_match("a*c", "abbbc"));
	assert_true(annotation_pattern_match("a*b*c", "axxbyyc"));
	assert_false(annotation_pattern_match("a*b*c", "axxbyy"));
	assert_true(annotation_pattern_match("*reuse=none*", "bindv6only=0,reuse=none,order=bbll"));
	/* Brackets and '?' are literal: addresses need no escaping. */
	assert_true(annotation_pattern_match("[::]:*", "[::]:5555"));
	assert_false(annotation_pattern_match("[::]:*", ":5555"));
	assert_false(annotation_pattern_match("a?c", "abc"));
	char *squeezed = annotation_squeeze(" \t a  b\t\tc  ");
	assert_string_equal(squeezed, "a b c");
	free(squeezed);
}

static const char source[] =
	"/* Lesson: a title.\n"
	" *\n"
	" * dslab-capabilities: cap_net_admin\n"
	" *\n"
	" * What you will see: one,\n"
	" * two.\n"
	" *\n"
	" * Why: RFC 3493 §3.7.\n"
	" *   indented stays\n"
	" */\n"
	"int main(void) { return 0; }\n";

static void test_header(void **state)
{
	(void)state;
	struct lesson_header h;
	assert_int_equal(lesson_header_read(source, &h), 0);
	assert_int_equal(h.count, 3); /* the dslab-* paragraph is left out */
	assert_string_equal(h.paragraph[0], "Lesson: a title.");
	assert_string_equal(h.paragraph[1], "What you will see: one,\ntwo.");
	assert_string_equal(h.paragraph[2], "Why: RFC 3493 §3.7.\n  indented stays");
	assert_true(lesson_header_has(&h, "Why"));
	assert_false(lesson_header_has(&h, "How"));
	lesson_header_free(&h);
	assert_int_equal(lesson_header_read("int x;\n", &h), 0);
	assert_int_equal(h.count, 0);
	lesson_header_free(&h);
}

static const char golden0[] =
	"# s/bindv6only=0\n"
	"bind(server, [::]:5555) = 0\n"
	"snapshot after\n"
	"  file  state   local      remote  v6only  name\n"
	"  tcp6  LISTEN  [::]:5555  [::]:*  0       server\n";

static char *render(const char *notes_text, const char *variant, int colour)
{
	struct annotation_file f;
	struct lesson_header h;
	char why[256];
	assert_int_equal(annotations_parse(notes_text, "n.explain", &f, why, sizeof why), 0);
	assert_int_equal(lesson_header_read(source, &h), 0);
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	assert_non_null(out);
	struct explain_style style = {.colour = colour, .case_name = "s/bindv6only=0"};
	assert_int_equal(explain_render(out, &h, &f, variant, golden0, &style), 0);
	assert_int_equal(fclose(out), 0);
	annotations_free(&f);
	lesson_header_free(&h);
	return text;
}

static void test_render(void **state)
{
	(void)state;
	char *text = render("header: Lesson, Why\n"
			    "line: tcp6 LISTEN [::]:5555 [::]:* 0 server\n\tfirst\n\tsecond\n"
			    "line: bind(server, [::]:5555) = 0\nvariants: bindv6only=1\n\tnot here\n",
			    "bindv6only=0", 0);
	const char *want =
		"Lesson: a title.\n\n"
		"Why: RFC 3493 §3.7.\n  indented stays\n\n"
		"# s/bindv6only=0\n"
		"bind(server, [::]:5555) = 0\n"
		"snapshot after\n"
		"  file  state   local      remote  v6only  name\n"
		"  tcp6  LISTEN  [::]:5555  [::]:*  0       server\n"
		"    > first\n"
		"    > second\n"
		"\n"
		"The snapshots as the tools print them: dslab show --view netstat|ss s/bindv6only=0\n";
	if (strcmp(text, want) != 0)
		fail_msg("rendered:\n%s\nexpected:\n%s", text, want);
	assert_null(strchr(text, '\033'));
	free(text);
	text = render("line: bind(server, [::]:5555) = 0\n\tnote\n", "bindv6only=0", 1);
	assert_non_null(strstr(text, "\033[36m    > note\033[0m\n"));
	assert_non_null(strstr(text, "What you will see")); /* no header: line, all paragraphs */
	free(text);
}

static void test_check(void **state)
{
	(void)state;
	struct annotation_file f;
	struct lesson_header h;
	char why[256];
	const char *notes = "header: Lesson, How\n"
			    "line: bind(server, [::]:5555) = 0\n\tin both\n"
			    "line: tcp6 LISTEN [::]:5555 [::]:* 0 server\n\tonly in 0\n"
			    "match: connect(*) = ECONNREFUSED\nvariants: bindv6only=1 nope=*\n\tonly in 1\n";
	assert_int_equal(annotations_parse(notes, "n.explain", &f, why, sizeof why), 0);
	assert_int_equal(lesson_header_read(source, &h), 0);
	const struct variant_golden goldens[] = {
		{"bindv6only=0", "g0", golden0},
		{"bindv6only=1", "g1", "# s/bindv6only=1\nbind(server, [::]:5555) = 0\n"},
	};
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	assert_non_null(out);
	size_t problems = explain_check("n.explain", &f, &h, goldens, 2, out);
	assert_int_equal(fclose(out), 0);
	const char *want =
		"n.explain:1: header: no paragraph of the scenario's leading comment begins with 'How'\n"
		"n.explain:4: line: 'tcp6 LISTEN [::]:5555 [::]:* 0 server' names no line of g1\n"
		"n.explain:6: variants: 'nope=*' matches no variant of this lesson\n"
		"n.explain:6: match: 'connect(*) = ECONNREFUSED' names no line of g1\n";
	if (strcmp(text, want) != 0)
		fail_msg("problems:\n%s\nexpected:\n%s", text, want);
	assert_int_equal(problems, 4);
	free(text);
	annotations_free(&f);
	lesson_header_free(&h);
}

static const struct scenario catalogue[] = {
	{"seed_v4v6", "", NULL, 0, 0},
	{"udp_mapped", "", NULL, 0, 0},
	{"addrform", "", NULL, 0, 0},
};

static void test_suggest(void **state)
{
	(void)state;
	struct case_list all;
	assert_int_equal(cases_expand(catalogue, 3, &all), 0);
	const struct case_def *close[4];
	/* The scenario is right, the variant not: its variants. */
	assert_int_equal(cases_suggest(&all, "seed_v4v6/bindv6only=2", close, 4), 2);
	assert_string_equal(close[0]->name, "seed_v4v6/bindv6only=0");
	assert_string_equal(close[1]->name, "seed_v4v6/bindv6only=1");
	/* A bare scenario name: its cases. */
	assert_int_equal(cases_suggest(&all, "udp_mapped", close, 4), 2);
	assert_string_equal(close[0]->name, "udp_mapped/bindv6only=0");
	/* A typo: the nearest case first. */
	assert_true(cases_suggest(&all, "seed_v4v7/bindv6only=1", close, 4) >= 1);
	assert_string_equal(close[0]->name, "seed_v4v6/bindv6only=1");
	assert_int_equal(cases_suggest(&all, "adrform", close, 4), 2);
	assert_string_equal(close[0]->name, "addrform/bindv6only=0");
	/* Nothing like it. */
	assert_int_equal(cases_suggest(&all, "zzzzzzzzzzzzzzzzzzzz", close, 4), 0);
	assert_int_equal(edit_distance("kitten", "sitting"), 3);
	assert_int_equal(edit_distance("", "abc"), 3);
	cases_free(&all);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_parse_good),  cmocka_unit_test(test_parse_empty),
	cmocka_unit_test(test_parse_errors), cmocka_unit_test(test_pattern),
	cmocka_unit_test(test_header),      cmocka_unit_test(test_render),
	cmocka_unit_test(test_check),       cmocka_unit_test(test_suggest),
};

UNIT_TEST_MAIN(tests)
