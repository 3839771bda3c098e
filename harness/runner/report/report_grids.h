/* report_grids: result grids on the page (report_html.h has the model). */
#ifndef DSLAB_REPORT_GRIDS_H
#define DSLAB_REPORT_GRIDS_H

#include <stddef.h>
#include <stdio.h>

#include "report_html.h"

/* A lesson of the page has a case with cells. */
int report_lesson_has_grids(const struct report_page *page, const char *name);

/* The section id="matrix": the legend, then each lesson with grids, its
 * forms, and its cases' grids grouped by the settings besides bindv6only. */
void report_write_grids(FILE *out, const struct report_page *page);

#endif
