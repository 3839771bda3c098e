/* kernels: `dslab kernels`, the kernel and libc matrix. Each column (this
 * host with glibc, this host with the musl build, each kernel booted in
 * qemu by harness/kernels/vm.sh) runs the suite once with --keep; every
 * transcript is then diffed against the main golden (behaviour_diff.h) and
 * the differences reported in the terminal, build/kernels/diff.md and
 * build/kernels/diff.json (format: README.md, "Kernel and libc matrix"). */
#ifndef DSLAB_KERNELS_H
#define DSLAB_KERNELS_H

#include "cli.h"
#include "command.h"

struct kernels_paths {
	const char *self;      /* this dslab (/proc/self/exe) */
	const char *build;     /* its build directory */
	const char *expected;  /* the goldens */
	const char *source;    /* the source tree (harness/kernels/vm.sh) */
};

command_function command_kernels;

#endif
