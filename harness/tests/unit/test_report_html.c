/* The HTML report without a browser: escaping (html_escape), lesson
 * summaries from scenario headers, grid cells in words and colours (a
 * throwaway lesson's grid drawn from its declared form alone), the
 * palette's contrast, the page writer on hostile input, the embedded
 * kernel diff, and the atomic report directory. */
#include "unit_test.h"

#include <sys/stat.h>
#include <unistd.h>

#include "html.h"
#include "lesson_summary.h"
#include "report_cells.h"
#include "report_grids.h"
#include "report_html.h"
#include "report_model.h"
#include "report_palette.h"
#include "report_publish.h"
#include "transcript.h"
#include "version.h"

/* What a writer printed, as a malloc'd string. */
#define CAPTURE(text, call)                                             \
	do {                                                            \
		size_t len_;                                            \
		FILE *out_ = open_memstream(&(text), &len_);            \
		assert_non_null(out_);                                  \
		call;                                                   \
		assert_int_equal(fclose(out_), 0);                      \
	} while (0)

static char *escaped(const char *input, size_t len)
{
	char *text = NULL;
	CAPTURE(text, html_escape_n(out_, input, len));
	return text;
}

static void test_escape_markup(void **state)
{
	(void)state;
	static const char markup[] = "<script>alert(\"x\" & 'y')</script>";
	char *text = escaped(markup, strlen(markup));
	assert_string_equal(text, "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;");
	free(text);
	text = escaped("[::ffff:127.0.0.1]:5555 tcp6\tEPH1\n", 34);
	assert_string_equal(text, "[::ffff:127.0.0.1]:5555 tcp6\tEPH1\n");
	free(text);
}

static void test_escape_bytes(void **state)
{
	(void)state;
	/* Controls, NUL, C1, broken and overlong UTF-8 become U+FFFD; good
	 * UTF-8 stays. */
	static const char input[] = "a\x01" "b\0c\x7f" "d\xc2\x85" "e\xff" "f\xc0\xaf" "g\xe2\x80" "h\xe2\x80\x94" "i\xf0\x9f\x98\x80";
	char *text = escaped(input, sizeof input - 1);
	assert_string_equal(text, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\xEF\xBF\xBD" "d\xEF\xBF\xBD" "e\xEF\xBF\xBD"
				  "f\xEF\xBF\xBD\xEF\xBF\xBD" "g\xEF\xBF\xBD\xEF\xBF\xBD" "h\xe2\x80\x94" "i\xf0\x9f\x98\x80");
	free(text);
	/* A surrogate (ED A0 80) is not UTF-8 either. */
	text = escaped("\xed\xa0\x80", 3);
	assert_string_equal(text, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
	free(text);
}

static void test_lesson_summary(void **state)
{
	(void)state;
	char out[256];
	static const char source[] =
		"/* Lesson: why netstat lists an IPv4 connection as \"tcp6\",\n"
		" *   over    two lines.\n"
		" *\n"
		" * What you will see: not this.\n"
		" */\n#include <stdio.h>\n";
	assert_int_equal(lesson_summary_parse(source, out, sizeof out), 0);
	assert_string_equal(out, "why netstat lists an IPv4 connection as \"tcp6\", over two lines.");
	/* Ends at the comment's end too. */
	assert_int_equal(lesson_summary_parse("/* Lesson: short. */\nint x;\n", out, sizeof out), 0);
	assert_string_equal(out, "short.");
	/* No Lesson: in the first comment. */
	assert_int_equal(lesson_summary_parse("/* other */\n/* Lesson: late */\n", out, sizeof out), -1);
	assert_int_equal(lesson_summary_parse("int main(void) { return 0; }\n", out, sizeof out), -1);
	/* Cut to the buffer. */
	char small[8];
	assert_int_equal(lesson_summary_parse(source, small, sizeof small), 0);
	assert_string_equal(small, "why net");
}

static void test_lesson_summary_of_every_scenario(void **state)
{
	(void)state;
	/* Lessons of scenarios/ open with a summary. */
	static const char *const names[] = {"seed_v4v6", "bind_matrix_tcp", "bind_matrix_udp", "getaddrinfo_mapped"};
	const char *dir = SCENARIO_DIR;
	char out[2048];
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (lesson_summary_read(dir, names[i], out, sizeof out) != 0)
			fail_msg("scenarios/%s.c: no Lesson: summary", names[i]);
		assert_true(strlen(out) > 20);
		assert_null(strchr(out, '\n'));
		assert_null(strstr(out, "  "));
	}
	assert_int_equal(lesson_summary_read(dir, "no_such_lesson", out, sizeof out), -1);
}

static void test_cell_outcome(void **state)
{
	(void)state;
	assert_int_equal(report_cell_outcome("0/0/0/0 v4:1st v6:2nd"), CELL_BOTH);
	assert_int_equal(report_cell_outcome("0/0"), CELL_BOTH);
	assert_int_equal(report_cell_outcome("0/EADDRINUSE/0/-"), CELL_CONFLICT);
	assert_int_equal(report_cell_outcome("0/0/0/EADDRINUSE"), CELL_CONFLICT);
	assert_int_equal(report_cell_outcome("EINVAL/0/-/0"), CELL_ERROR);
	assert_int_equal(report_cell_outcome("EINVAL/EINVAL"), CELL_ERROR);
	assert_int_equal(report_cell_outcome("-"), CELL_MISSING);
	assert_int_equal(report_cell_outcome(""), CELL_MISSING);
}

static void test_cell_describe(void **state)
{
	(void)state;
	char out[512];
	static const struct report_grid_form blbl = {(char *)"g", (char *)"first socket", (char *)"second socket",
		(char *)"bind(first) listen(first) bind(second) listen(second)", (char *)"v4:to 127.0.0.1; v6:to [::1]"};
	static const struct report_grid_form bbll = {(char *)"g", (char *)"first socket", (char *)"second socket",
		(char *)"bind(first) bind(second) listen(first) listen(second)", (char *)"v4:to 127.0.0.1; v6:to [::1]"};
	static const struct report_grid_form udp = {(char *)"g", (char *)"first socket", (char *)"second socket",
		(char *)"bind(first) bind(second)", (char *)"v4:to 127.0.0.1; v6:to [::1]"};
	struct report_cell tcp = {(char *)"g", (char *)"0.0.0.0", (char *)"[::] v6only=1",
				  (char *)"0/0/0/0 v4:1st v6:2nd"};
	report_cell_describe(&tcp, &blbl, out, sizeof out);
	assert_string_equal(out, "first socket 0.0.0.0, second socket [::] v6only=1: bind(first) 0, listen(first) 0, "
				 "bind(second) 0, listen(second) 0; to 127.0.0.1: 1st; to [::1]: 2nd");
	struct report_cell conflict = {(char *)"g", (char *)"[::]", (char *)"0.0.0.0", (char *)"0/EADDRINUSE/0/-"};
	report_cell_describe(&conflict, &bbll, out, sizeof out);
	assert_string_equal(out, "first socket [::], second socket 0.0.0.0: bind(first) 0, bind(second) EADDRINUSE, "
				 "listen(first) 0, listen(second) not made");
	struct report_cell two = {(char *)"g", (char *)"127.0.0.1", (char *)"0.0.0.0", (char *)"0/EADDRINUSE"};
	report_cell_describe(&two, &udp, out, sizeof out);
	assert_string_equal(out, "first socket 127.0.0.1, second socket 0.0.0.0: bind(first) 0, bind(second) EADDRINUSE");
	/* No form: the grid is still told, in neutral words; an unknown tag as it is. */
	report_cell_describe(&tcp, NULL, out, sizeof out);
	assert_string_equal(out, "row 0.0.0.0, column [::] v6only=1: call 1 0, call 2 0, call 3 0, call 4 0; "
				 "v4:1st; v6:2nd");
	struct report_cell missing = {(char *)"g", (char *)"r", (char *)"c", (char *)"-"};
	report_cell_describe(&missing, &udp, out, sizeof out);
	assert_string_equal(out, "first socket r, second socket c: not reported");
	/* A short buffer: cut, still terminated. */
	char small[16];
	report_cell_describe(&tcp, &blbl, small, sizeof small);
	assert_true(strlen(small) < sizeof small);
}

static size_t occurrences(const char *text, const char *what)
{
	size_t n = 0;
	for (const char *p = strstr(text, what); p; p = strstr(p + 1, what))
		n++;
	return n;
}

/* A lesson the harness has never heard of: its grid is drawn, its cells
 * described, from the form it declared in its transcript alone. */
static void test_throwaway_lesson_grid(void **state)
{
	(void)state;
	static const struct scenario throwaway = {"throwaway", "", NULL, 0, 0};
	static struct case_def def = {.scenario = &throwaway, .variant_name = "bindv6only=0",
				      .name = "throwaway/bindv6only=0"};
	static struct case_result result = {.def = &def, .status = CASE_PASS};
	static const char stream[] = "V\t1\n"
				     "G\tpaint on surfaces\tpaint\tsurface\tmix(a) dry(b)\tshade:how dark\n"
				     "C\tpaint on surfaces\tred\twood\t0/0 shade:deep\n"
				     "C\tpaint on surfaces\tred\tsteel\t0/EADDRINUSE\n"
				     "C\tpaint on surfaces\tblue\twood\tEINVAL/-\n";
	char why[256];
	assert_int_equal(transcript_parse(&result.transcript, stream, strlen(stream), why, sizeof why), 0);
	static struct report_lesson lessons[] = {{(char *)"throwaway", (char *)"a lesson of the test's own"}};
	struct report_page page = {.lesson = lessons, .lesson_count = 1};
	struct report_collector collector = {.page = &page, .project_dir = "/nowhere"};
	report_collect(&result, &collector);
	assert_false(collector.out_of_memory);
	char *text = NULL;
	CAPTURE(text, assert_int_equal(report_html_write(out_, &page), 0));
	assert_non_null(strstr(text, "<h3 id=\"matrix-throwaway\"><code>throwaway</code></h3>"));
	assert_non_null(strstr(text, "<p class=\"form\">Rows: the paint; columns: the surface. A cell: "
				     "<code>mix(a) dry(b)</code>; then <code>shade:how dark</code>.</p>"));
	assert_non_null(strstr(text, "<table class=\"grid\" data-case=\"throwaway/bindv6only=0\" "
				     "data-grid=\"paint on surfaces\">"));
	assert_non_null(strstr(text, "<th scope=\"col\">paint \\ surface</th>"));
	assert_non_null(strstr(text, "title=\"paint red, surface wood: mix(a) 0, dry(b) 0; how dark: deep\""));
	assert_non_null(strstr(text, "title=\"paint red, surface steel: mix(a) 0, dry(b) EADDRINUSE\""));
	assert_non_null(strstr(text, "title=\"paint blue, surface steel: not reported\""));
	assert_non_null(strstr(text, "See its grids."));
	assert_int_equal(occurrences(text, "class=\"m-conflict\""), 1 + 1); /* the cell and the legend */
	free(text);
	page.lesson = NULL; /* static: report_page_free frees only the cases */
	page.lesson_count = 0;
	report_page_free(&page);
	transcript_free(&result.transcript);
}

static void test_palette_contrast(void **state)
{
	(void)state;
	assert_true(report_contrast_ratio("#000000", "#ffffff") > 20.9);
	assert_true(report_contrast_ratio("#777777", "#ffffff") < 4.5); /* the classic near miss */
	assert_true(report_contrast_ratio("#zzzzzz", "#ffffff") == 0);
	for (size_t i = 0; i < report_palette_count; i++) {
		const struct report_colour *c = &report_palette[i];
		double ratio = report_contrast_ratio(c->foreground, c->background);
		if (ratio < 4.5)
			fail_msg("%s: %s on %s is %.2f:1, below WCAG AA's 4.5:1", c->css_class, c->foreground,
				 c->background, ratio);
		assert_true(c->symbol[0] != '\0'); /* never colour alone */
		assert_true(c->meaning[0] != '\0');
	}
	for (size_t i = 0; i < report_text_colour_count; i++) {
		const struct report_colour *c = &report_text_colours[i];
		if (report_contrast_ratio(c->foreground, c->background) < 4.5)
			fail_msg("%s: %s on %s is below 4.5:1", c->css_class, c->foreground, c->background);
	}
}

/* A page from a model with markup everywhere a transcript could put it. */
static char *hostile_page(enum kernel_diff_kind kind, const char *diff)
{
	static struct report_cell cells[] = {
		{"no reuse option, bind bind listen listen, second socket AF_INET", "<b>row</b>", "0.0.0.0",
		 "0/EADDRINUSE/0/- \"><script>x</script>"},
		{"no reuse option, bind bind listen listen, second socket AF_INET", "<b>row</b>", "127.0.0.1",
		 "0/0/0/0 v4:1st v6:2nd"},
		{"no reuse option, bind bind listen listen, second socket AF_INET", "[::]", "0.0.0.0", "EINVAL/0/-/0"},
	};
	static struct report_grid_form forms[] = {
		{"no reuse option, bind bind listen listen, second socket AF_INET", "first socket",
		 "second <i>socket</i>", "bind(first) bind(second) listen(first) listen(second)",
		 "v4:to <127.0.0.1>; v6:to [::1]"},
	};
	static struct report_case cases[] = {
		{"bind_matrix_tcp/bindv6only=0,reuse=none,order=bbll", "bind_matrix_tcp",
		 "bindv6only=0,reuse=none,order=bbll", "0", CASE_FAIL, "differs <from> the golden & more", "",
		 "--- a\n+++ b\n-<old>\n+<new>\n", cells, 3, forms, 1},
		{"seed_v4v6/bindv6only=1", "seed_v4v6", "bindv6only=1", "1", CASE_SKIP, "no namespace", "", NULL,
		 NULL, 0, NULL, 0},
	};
	static struct report_lesson lessons[] = {
		{"seed_v4v6", "why <tcp6>"},
		{"bind_matrix_tcp", NULL},
		{"never_run", "a lesson & its summary"},
	};
	struct report_page page = {
		.lesson = lessons, .lesson_count = 3, .kase = cases, .case_count = 2,
		.system = "Linux <test>", .kernel_diff_default = "build/kernels/diff.md",
		.kernel_diff_kind = kind, .kernel_diff_path = "d<iff>.md", .kernel_diff = diff,
	};
	char *text = NULL;
	CAPTURE(text, assert_int_equal(report_html_write(out_, &page), 0));
	return text;
}

static void test_page_escapes_everything(void **state)
{
	(void)state;
	char *page = hostile_page(KERNEL_DIFF_NONE, NULL);
	/* The only raw tags are the page's own. */
	assert_null(strstr(page, "<script"));
	assert_null(strstr(page, "<b>"));
	assert_null(strstr(page, "<from>"));
	assert_null(strstr(page, "<test>"));
	assert_non_null(strstr(page, "&lt;script&gt;x&lt;/script&gt;"));
	assert_non_null(strstr(page, "<th scope=\"row\">&lt;b&gt;row&lt;/b&gt;</th>"));
	assert_non_null(strstr(page, "why &lt;tcp6&gt;"));
	assert_non_null(strstr(page, "differs &lt;from&gt; the golden &amp; more"));
	assert_non_null(strstr(page, "title=\"first socket &lt;b&gt;row&lt;/b&gt;, second &lt;i&gt;socket&lt;/i&gt; 0.0.0.0:"));
	assert_non_null(strstr(page, "to &lt;127.0.0.1&gt;: 1st"));
	assert_null(strstr(page, "<i>"));
	/* Nothing loads from elsewhere. */
	assert_null(strstr(page, "http:"));
	assert_null(strstr(page, "https:"));
	assert_null(strstr(page, "src="));
	free(page);
}

static void test_page_structure(void **state)
{
	(void)state;
	char *page = hostile_page(KERNEL_DIFF_NONE, NULL);
	/* Every table has a caption; every th a scope. */
	assert_int_equal(occurrences(page, "<table"), occurrences(page, "<caption>"));
	assert_int_equal(occurrences(page, "<th ") + occurrences(page, "<th>"), occurrences(page, "<th scope=\"row\"") +
							 occurrences(page, "<th scope=\"col\""));
	/* Every lesson, every case with its status word, and the cells. */
	assert_non_null(strstr(page, "data-lesson=\"never_run\""));
	assert_non_null(strstr(page, "<em>not run in this report</em>"));
	assert_non_null(strstr(page, "no summary"));
	assert_non_null(strstr(page, "data-case=\"seed_v4v6/bindv6only=1\">"));
	assert_non_null(strstr(page, "<strong class=\"status\">skip</strong>: no namespace"));
	assert_non_null(strstr(page, "<strong class=\"status\">fail</strong>"));
	assert_non_null(strstr(page, "<p id=\"summary\">0 passed, 1 failed, 1 skipped on Linux &lt;test&gt;.</p>"));
	assert_non_null(strstr(page, "class=\"m-conflict\""));
	assert_non_null(strstr(page, "class=\"m-both\""));
	assert_non_null(strstr(page, "class=\"m-error\""));
	/* [::] x 127.0.0.1 was never reported: shown as such. */
	assert_non_null(strstr(page, "title=\"first socket [::], second &lt;i&gt;socket&lt;/i&gt; 127.0.0.1: not reported\""));
	assert_non_null(strstr(page, "(bindv6only=0)</caption>"));
	assert_non_null(strstr(page, "these cells are what this run saw"));
	assert_non_null(strstr(page, "No kernel matrix run yet"));
	assert_non_null(strstr(page, "build/kernels/diff.md"));
	/* What wrote it: the version and commit, at the foot. */
	char version[128];
	snprintf(version, sizeof version, "<p id=\"version\">Written by dslab %s, commit %s.</p>", dslab_version,
		 dslab_commit);
	assert_non_null(strstr(page, version));
	free(page);
}

/* A recorded difference, a kernel's differing cell, the reference, the
 * failed case's diff, and no absolute path of the build machine. */
static void test_page_marks_kernel_differences(void **state)
{
	(void)state;
	static struct report_cell cells[] = {
		{"g", "[::ffff:0.0.0.0]", "[::ffff:127.0.0.1]", "0/EADDRINUSE/0/-"},
		{"g", "[::ffff:0.0.0.0]", "[::1]", "0/0/0/0 v4:1st v6:2nd"},
	};
	static struct report_case cases[] = {
		{"bind_matrix_tcp/bindv6only=0,reuse=none,order=bbll", "bind_matrix_tcp",
		 "bindv6only=0,reuse=none,order=bbll", "0", CASE_PASS, "", "linux-6.1", NULL, cells, 2, NULL, 0},
	};
	static struct report_lesson lessons[] = {{"bind_matrix_tcp", NULL}};
	static struct report_kernel_cell kernel_cells[] = {
		{NULL, "bind_matrix_tcp/bindv6only=0,reuse=none,order=bbll", "g", "[::ffff:0.0.0.0]",
		 "[::ffff:127.0.0.1]", "linux-6.1", "0/0/EADDRINUSE/0"},
	};
	struct report_page page = {
		.lesson = lessons, .lesson_count = 1, .kase = cases, .case_count = 1,
		.reference = "Linux 6.18.44, glibc 2.36", .kernel_cell = kernel_cells, .kernel_cell_count = 1,
	};
	char *text = NULL;
	CAPTURE(text, assert_int_equal(report_html_write(out_, &page), 0));
	assert_non_null(strstr(text, "<strong class=\"status\">pass</strong> <span class=\"recorded\">"
				     "(recorded for linux-6.1)</span>"));
	assert_non_null(strstr(text, "The goldens are the reference's behaviour: Linux 6.18.44, glibc 2.36."));
	assert_non_null(strstr(text, ". On linux-6.1 it differs: 0/0/EADDRINUSE/0\""));
	assert_non_null(strstr(text, "<span class=\"k\" data-kernel=\"linux-6.1\">\u2260 linux-6.1: "
				     "0/0/EADDRINUSE/0</span>"));
	assert_int_equal(occurrences(text, "data-kernel="), 1); /* the other cell is the same there */
	free(text);

	char *failed = hostile_page(KERNEL_DIFF_NONE, NULL);
	assert_non_null(strstr(failed, "<details class=\"diff\"><summary>the diff</summary><pre>--- a\n+++ b\n"
				       "-&lt;old&gt;\n+&lt;new&gt;\n</pre></details>"));
	free(failed);
	char *relative = report_relative_text("/src/tree/expected/x.golden differs; /src/treeish/y "
					      "/src/tree/build/actual/x.transcript", "/src/tree");
	assert_string_equal(relative, "expected/x.golden differs; /src/treeish/y build/actual/x.transcript");
	free(relative);
}

static void test_page_embeds_kernel_diff(void **state)
{
	(void)state;
	char *page = hostile_page(KERNEL_DIFF_MARKDOWN,
				  "# Kernel <diff>\n\nIntro `code` & text\n\n"
				  "| case | linux-6.1 | host |\n|---|:-:|---|\n| `a/b` | EADDRINUSE | <i>0</i> |\n"
				  "\n```\nraw <pre>\n```\n");
	assert_null(strstr(page, "No kernel matrix run yet"));
	assert_non_null(strstr(page, "<h3>Kernel &lt;diff&gt;</h3>"));
	assert_non_null(strstr(page, "<p>Intro <code>code</code> &amp; text</p>"));
	assert_non_null(strstr(page, "<caption>Kernel &lt;diff&gt;</caption>"));
	assert_non_null(strstr(page, "<tr><th scope=\"col\">case</th><th scope=\"col\">linux-6.1</th>"
				     "<th scope=\"col\">host</th></tr>\n</thead>\n<tbody>\n"
				     "<tr><th scope=\"row\"><code>a/b</code></th><td>EADDRINUSE</td>"
				     "<td>&lt;i&gt;0&lt;/i&gt;</td></tr>\n</tbody>\n</table>"));
	assert_non_null(strstr(page, "<pre>raw &lt;pre&gt;\n</pre>"));
	assert_non_null(strstr(page, "From <code>d&lt;iff&gt;.md</code>"));
	free(page);
	page = hostile_page(KERNEL_DIFF_JSON, "{\"a\": \"<x>\"}");
	assert_non_null(strstr(page, "<pre>{&quot;a&quot;: &quot;&lt;x&gt;&quot;}</pre>"));
	free(page);
}

/* --- the report directory --- */

static char work[64];

static int make_work(void **state)
{
	(void)state;
	snprintf(work, sizeof work, "/tmp/dslab-unit-report.XXXXXX");
	return mkdtemp(work) ? 0 : -1;
}

static int remove_work(void **state)
{
	(void)state;
	char command[128];
	snprintf(command, sizeof command, "rm -rf '%s'", work);
	return system(command) == 0 ? 0 : -1;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	static char buffer[256];
	size_t n = fread(buffer, 1, sizeof buffer - 1, f);
	fclose(f);
	buffer[n] = '\0';
	return buffer;
}

static void test_publish(void **state)
{
	(void)state;
	char dir[128], page[160], why[512];
	struct report_staging s;
	snprintf(dir, sizeof dir, "%s/html/", work);
	snprintf(page, sizeof page, "%s/html/index.html", work);

	/* New: appears only at commit. */
	assert_int_equal(report_staging_begin(&s, dir, why, sizeof why), 0);
	assert_int_equal(access(page, F_OK), -1);
	fputs("one", s.out);
	assert_int_equal(report_staging_commit(&s, why, sizeof why), 0);
	assert_string_equal(slurp(page), "one");

	/* Over an earlier report: replaced whole. */
	assert_int_equal(report_staging_begin(&s, dir, why, sizeof why), 0);
	fputs("two", s.out);
	assert_string_equal(slurp(page), "one");
	assert_int_equal(report_staging_commit(&s, why, sizeof why), 0);
	assert_string_equal(slurp(page), "two");

	/* Abandoned: the old one stays, no temporary directory. */
	assert_int_equal(report_staging_begin(&s, dir, why, sizeof why), 0);
	fputs("three", s.out);
	report_staging_abandon(&s);
	assert_string_equal(slurp(page), "two");
	char command[256];
	snprintf(command, sizeof command, "ls -A '%s' | grep -q tmp", work);
	assert_int_not_equal(system(command), 0);

	/* Someone's directory: refused. */
	char other[160];
	snprintf(other, sizeof other, "%s/html/notes.txt", work);
	FILE *f = fopen(other, "w");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(report_staging_begin(&s, dir, why, sizeof why), -1);
	assert_non_null(strstr(why, "not a dslab report"));

	/* Not a directory name. */
	assert_int_equal(report_staging_begin(&s, "/", why, sizeof why), -1);
	assert_int_equal(report_staging_begin(&s, "..", why, sizeof why), -1);
	assert_int_equal(report_staging_begin(&s, "", why, sizeof why), -1);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_markup),
		cmocka_unit_test(test_escape_bytes),
		cmocka_unit_test(test_lesson_summary),
		cmocka_unit_test(test_lesson_summary_of_every_scenario),
		cmocka_unit_test(test_cell_outcome),
		cmocka_unit_test(test_cell_describe),
		cmocka_unit_test(test_throwaway_lesson_grid),
		cmocka_unit_test(test_palette_contrast),
		cmocka_unit_test(test_page_escapes_everything),
		cmocka_unit_test(test_page_structure),
		cmocka_unit_test(test_page_embeds_kernel_diff),
		cmocka_unit_test(test_page_marks_kernel_differences),
		cmocka_unit_test_setup_teardown(test_publish, make_work, remove_work),
	};
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
