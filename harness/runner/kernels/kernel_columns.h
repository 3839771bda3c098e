/* kernel_columns: one column of dslab kernels run and read back: this host
 * with this build, this host with the musl build, or a kernel in qemu
 * (harness/kernels/vm.sh); each column's KTAP, timing and actual
 * transcripts land in its own directory under build/kernels. */
#ifndef DSLAB_KERNEL_COLUMNS_H
#define DSLAB_KERNEL_COLUMNS_H

#include <stddef.h>

#include "cli.h"
#include "kernel_matrix.h"
#include "kernels.h"

#define MAX_COLUMNS 16

/* The SPECs: --kernel's (default 6.1 and 6.12, unless only an image is
 * asked for), then --kernel-image's as image:PATH (vm.sh), in image_spec;
 * how many. The image's modules go to vm.sh in the environment. */
size_t collect_specs(const struct cli_options *o, char *specs[MAX_COLUMNS], char *image_spec,
		     size_t image_spec_size);

/* vm.sh resolve SPEC: the package name; 2 if unknown (it printed why), -1
 * if vm.sh could not say. */
int resolve_kernel_spec(const struct kernels_paths *p, const char *spec, char *package, size_t size);

/* linux-image-6.1.0-56-cloud-amd64 -> linux-6.1 (kernel_tags.h's rule). */
void kernel_tag_of_package(const char *package, char *tag, size_t size);

void column_host(struct column *c, const char *root, const char *self, const char *release,
		 const struct cli_options *o);
void column_musl(struct column *c, const char *root, const char *source, const struct column *host,
		 const struct cli_options *o);
/* package names the column (its tag); boot_spec is what vm.sh boots: the
 * package, or image:PATH; name: the column's name if not the tag. */
void column_vm(struct column *c, const char *root, const struct kernels_paths *p, const char *package,
	       const char *boot_spec, const char *name, const struct cli_options *o, double limit);

/* The "skip: ...", "fail: ..." line the column's KTAP gave a case, or NULL. */
const char *column_ktap_note(const struct column *c, const char *name);

/* A result file of a column (text, up to 64 MiB), NUL-terminated; NULL if
 * it cannot be read. */
char *column_read_file(const char *path);

void columns_free(struct column *cols, size_t count);

/* The accelerator settings for vm.sh, checked before anything boots:
 * DSLAB_VM_ACCEL (auto, kvm, tcg) and DSLAB_VM_KVM_DEADLINE (seconds);
 * -1 after one line on stderr for a bad one. Unless the caller named one,
 * DSLAB_VM_ACCEL_STATE becomes a file of this run's own under own_dir, so
 * that KVM found to make no progress in one column is not tried in the
 * next (vm.sh); its path in state ("" where the caller's), for
 * vm_accel_end to remove. */
int vm_accel_begin(const char *own_dir, char *state, size_t size);
void vm_accel_end(const char *state);

#endif
