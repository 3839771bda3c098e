/* html: text from transcripts, scenario sources and files made safe to
 * place in an HTML page. */
#ifndef DSLAB_HTML_H
#define DSLAB_HTML_H

#include <stdio.h>

/* Writes text so that it is inert both as element content and inside a
 * double- or single-quoted attribute value: & < > " ' become character
 * references; control characters other than newline and tab, and bytes
 * that are not well-formed UTF-8, become U+FFFD. */
void html_escape(FILE *out, const char *text);

/* The same for the first len bytes of text (which may hold NUL bytes:
 * they become U+FFFD too). */
void html_escape_n(FILE *out, const char *text, size_t len);

/* Markup and text in turn: markup, text, markup, text, ..., NULL. The
 * markup is written as it is, each text escaped as html_escape does. */
void html_write_parts(FILE *out, const char *markup, ...) __attribute__((sentinel));

#endif
