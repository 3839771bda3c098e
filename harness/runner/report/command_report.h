/* dslab report: the HTML page of a run. */
#ifndef DSLAB_COMMAND_REPORT_H
#define DSLAB_COMMAND_REPORT_H

#include "command.h"

command_function command_report;

#endif
