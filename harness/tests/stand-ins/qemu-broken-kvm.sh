#!/usr/bin/env bash
# A stand-in for qemu-system-x86_64 on a machine whose KVM is broken (the
# tests of harness/kernels/vm.sh name it in DSLAB_QEMU). Given "-accel kvm"
# it does what such machines were seen to do, by STANDIN_KVM:
#   hang   (default) run nothing, print nothing, never exit: a /dev/kvm that
#          opens and then runs no guest (this project's machines, 2026-12);
#   abort  exit at once as qemu does when KVM fails setting an MSR under
#          nested virtualisation (earlier machines).
# Any other accelerator: the real qemu (STANDIN_QEMU, default
# qemu-system-x86_64) with the same arguments. Each start appends its
# accelerator to STANDIN_LOG, if set, so a test can count the KVM attempts.
set -u
accel=
previous=
for argument in "$@"; do
	[ "$previous" = -accel ] && accel=$argument
	previous=$argument
done
[ -z "${STANDIN_LOG:-}" ] || echo "${accel:-none}" >>"$STANDIN_LOG"
if [ "$accel" = kvm ]; then
	case ${STANDIN_KVM:-hang} in
	abort)
		echo "qemu-system-x86_64: error: failed to set MSR 0x48f to 0x7fefff00036dfb" >&2
		echo "qemu-system-x86_64: ../../target/i386/kvm/kvm.c:3008: kvm_buf_set_msrs: Assertion \`ret == cpu->kvm_msr_buf->nmsrs' failed." >&2
		exit 134 # (as a shell reports SIGABRT; no core file left behind)
		;;
	*)
		# exec: the process the watcher kills is this one.
		exec sleep 100000
		;;
	esac
fi
exec "${STANDIN_QEMU:-qemu-system-x86_64}" "$@"
