/* annotations: the notes `dslab explain` prints under golden lines, read
 * from scenarios/<name>.explain, a plain-text file beside the lesson.
 *
 * The format, line by line:
 *
 *   # a comment (only at the start of a line)
 *   header: Lesson, Why        which paragraphs of the scenario's leading
 *                              comment to print, by how they begin (at most
 *                              once, before the first note); without it, all
 *   line: TEXT                 a note for the golden line whose text is TEXT
 *   match: PATTERN             ... or the first one PATTERN matches ('*' is
 *                              any text; nothing else is special, so
 *                              addresses like [::] need no escaping)
 *   variants: PATTERN...       optional, right after line:/match: - only in
 *                              the goldens of these variants ('*' patterns
 *                              over the variant name, e.g. bindv6only=0)
 *   <tab or 2+ spaces>TEXT     the note itself, one or more lines
 *
 * Blank lines are ignored. Lines are compared with runs of spaces and tabs
 * squeezed to one space and none at either end, so a note names a snapshot
 * row by its fields, not by its column alignment. A note is printed under
 * the first line of the golden it names; a note whose line is not in a
 * golden it applies to is an error that `dslab check` reports. */
#ifndef DSLAB_ANNOTATIONS_H
#define DSLAB_ANNOTATIONS_H

#include <stddef.h>

enum anchor_kind { ANCHOR_LINE, ANCHOR_MATCH };

struct annotation {
	unsigned file_line;        /* of its line:/match: line, for messages */
	enum anchor_kind kind;
	char *anchor;              /* squeezed text (line:) or pattern (match:) */
	char **variants;           /* NULL-terminated patterns; NULL: every variant */
	char **note;               /* NULL-terminated lines, leading blanks removed */
};

struct annotation_file {
	char **header;             /* NULL-terminated paragraph beginnings; NULL: all */
	unsigned header_line;      /* of the header: line, 0 if none */
	struct annotation *item;
	size_t count;
};

/* Parse an annotation file's text. name is used in messages only. Returns
 * 0, or -1 with one line "NAME:LINE: what is wrong" in why (and *out empty).
 * Call annotations_free after either. */
int annotations_parse(const char *text, const char *name, struct annotation_file *out,
		      char *why, size_t why_size);

void annotations_free(struct annotation_file *file);

/* Copy of line with spaces and tabs squeezed (none leading or trailing);
 * malloc'd, NULL if out of memory. */
char *annotation_squeeze(const char *line);

/* Does pattern ('*' any text, all else literal) match the whole of text? */
int annotation_pattern_match(const char *pattern, const char *text);

/* Does the annotation apply to this variant ("bindv6only=0")? */
int annotation_applies(const struct annotation *a, const char *variant);

/* Does it name this golden line (as it is in the file, unsqueezed)? */
int annotation_names_line(const struct annotation *a, const char *line);

#endif
