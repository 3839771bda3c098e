/* html_markdown: the small markdown subset dslab kernels writes (headings,
 * each also captioning the table after it; paragraphs; `code` spans; fenced
 * code; pipe tables) as HTML, every character of text escaped (html.h); for
 * the report's embedded behaviour-diff table. */
#ifndef DSLAB_HTML_MARKDOWN_H
#define DSLAB_HTML_MARKDOWN_H

#include <stdio.h>

void html_write_markdown(FILE *out, const char *text);

#endif
