/* case_environment: what the runner tells a scenario through its
 * environment, the one place both sides read the names from (the runner
 * sets them in isolate.c; the lesson side reads them in lesson.c and
 * tool_capture.c). */
#ifndef DSLAB_CASE_ENVIRONMENT_H
#define DSLAB_CASE_ENVIRONMENT_H

/* The descriptor the scenario writes its records to (transcript.h). Unset:
 * the scenario runs alone and prints its transcript to stdout. */
#define REPORT_FD_VARIABLE "DSLAB_REPORT_FD"

/* A scenario option (dslab-option: KEY ...) is DSLAB_OPTION_<KEY>. */
#define OPTION_VARIABLE_PREFIX "DSLAB_OPTION_"

/* run --capture-tools DIR: where each snapshot's real netstat and ss
 * output goes (tool_capture.h). */
#define TOOL_CAPTURE_VARIABLE "DSLAB_CAPTURE_TOOLS"

#endif
