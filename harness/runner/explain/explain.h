/* explain: a lesson told for a reader. The header comes from the
 * scenario source's leading comment (what you will see, why, the RFC
 * sections and kernel functions it cites); then the case's golden, line by
 * line, each followed by the notes (annotations.h) that name it. */
#ifndef DSLAB_EXPLAIN_H
#define DSLAB_EXPLAIN_H

#include <stddef.h>
#include <stdio.h>

#include "annotations.h"

/* The leading comment of a scenario source, as paragraphs (lines joined by
 * '\n', no trailing newline) with the comment's " * " stripped; paragraphs
 * made only of dslab-* metadata lines (dslab-capabilities: ...) left out. */
struct lesson_header {
	char **paragraph;
	size_t count;
};

/* 0, or -1 if out of memory. A source without a leading comment gives no
 * paragraphs. */
int lesson_header_read(const char *source_text, struct lesson_header *header);
void lesson_header_free(struct lesson_header *header);

/* Does some paragraph begin with prefix? */
int lesson_header_has(const struct lesson_header *header, const char *prefix);

struct explain_style {
	int colour;                /* ANSI colours: only for a terminal, without NO_COLOR */
	const char *case_name;     /* for the closing pointer to dslab show --view */
};

/* The header paragraphs the annotations select (all if they select none),
 * then the golden's lines, each followed by its notes for this variant.
 * Returns 0, or -1 if out of memory. */
int explain_render(FILE *out, const struct lesson_header *header, const struct annotation_file *notes,
		   const char *variant, const char *golden_text, const struct explain_style *style);

/* A scenario's golden for one variant, for explain_check. */
struct variant_golden {
	const char *variant;       /* "bindv6only=0" */
	const char *label;         /* how messages name the file */
	const char *text;
};

/* Every way the annotation file (named file_label in messages) does not fit
 * its lesson, one line each on problems: a header: beginning no paragraph
 * starts with, a variants: pattern no variant matches, a note whose line is
 * missing from a golden it applies to. Returns the number of problems. */
size_t explain_check(const char *file_label, const struct annotation_file *notes,
		     const struct lesson_header *header, const struct variant_golden *goldens,
		     size_t golden_count, FILE *problems);

#endif
