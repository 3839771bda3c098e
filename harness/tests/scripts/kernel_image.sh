#!/usr/bin/env bash
# dslab kernels --kernel-image (label "kernels"): bad input (not a kernel
# image, --modules of another release, --modules without an image, a
# .config without CONFIG_NET_NS), then one boot of the cached Debian 6.1
# vmlinuz as an image built elsewhere: its column is named by --name, its
# overrides are linux-6.1's. Exits 4 (skipped) without qemu or without a
# cached 6.1 kernel (dslab kernels --kernel 6.1 --no-musl downloads one).
. "$(dirname "$0")/common.sh"
# Where KVM makes no progress, one boot finds out and the others use TCG
# (harness/kernels/vm.sh): the whole CI run's file (run_all.sh), or this
# test's.
export DSLAB_VM_ACCEL_STATE=${DSLAB_VM_ACCEL_STATE:-$WORK/accel-decision}
export DSLAB_KERNELS_OUT="$WORK/report"
case='bind_matrix_tcp/bindv6only=0,reuse=none,order=bbll'
one_line() { [ "$(wc -l <"$WORK/err")" -eq 1 ] || fail "$1: not one line: $(cat "$WORK/err")"; }

expect_exit 2 "not an image" -- "$DSLAB" kernels --no-musl --kernel-image "$SOURCE_DIR/README.md" "$case" &&
  { grep -q "is not a kernel image" "$WORK/err" || fail "not an image: $(cat "$WORK/err")"; one_line "not an image"; }
expect_exit 2 "--modules alone" -- "$DSLAB" kernels --no-musl --modules "$WORK" "$case" && one_line "--modules alone"
image=$(ls "$(dirname "$DSLAB")"/kernels/cache/linux-image-6.1.*/vmlinuz 2>/dev/null | head -n 1)
if [ -z "$image" ]; then
  echo "no cached 6.1 kernel in $(dirname "$DSLAB")/kernels/cache: the rest is skipped"
  [ $failures -eq 0 ] && exit 4 || exit 1
fi
mkdir -p "$WORK/modules/lib/modules/9.9.9-other"
expect_exit 2 "modules of another release" -- "$DSLAB" kernels --no-musl --kernel-image "$image" \
  --modules "$WORK/modules" "$case" &&
  { grep -q "holds modules for 9.9.9-other, not for the image's release 6.1" "$WORK/err" || fail "modules: $(cat "$WORK/err")"; one_line modules; }
if ! command -v qemu-system-x86_64 >/dev/null; then
  echo "qemu-system-x86_64 is not installed: the boots are skipped"
  [ $failures -eq 0 ] && exit 4 || exit 1
fi
printf 'CONFIG_NAMESPACES=y\n# CONFIG_NET_NS is not set\nCONFIG_IPV6=y\n' >"$WORK/config"
DSLAB_VM_CONFIG="$WORK/config" expect_exit 4 "no CONFIG_NET_NS" -- "$DSLAB" kernels --no-musl --kernel-image "$image" "$case" &&
  { grep -q "cannot run the suite: missing CONFIG_NAMESPACES\|cannot run the suite: missing .*CONFIG_NET_NS" "$WORK/out" ||
    fail "missing options not named: $(cat "$WORK/out")"; }
# A boot: no .config beside the cached image (the guest checks its own
# /proc/config.gz, which Debian's kernel does not have), no modules
# (this case needs no sock_diag); the 6.1 difference is recorded.
if expect_exit 0 "boot of an image" -- "$DSLAB" kernels --no-musl --kernel-image "$image" --name img61 "$case"; then
  grep -qE '^  img61 +glibc +6\.1\.[^ ]+ .* ran$' "$WORK/out" || fail "no img61 column that ran: $(cat "$WORK/out")"
  grep -q '^  img61: recorded$' "$WORK/out" || fail "the 6.1 difference is not 'recorded': $(cat "$WORK/out")"
  # The guest looked for its /proc/config.gz (Debian's kernels have none).
  grep -q 'no .config beside the image, no /proc/config.gz in the guest' "$WORK/report/img61/config-check" ||
    fail "config-check: the guest did not check: $(cat "$WORK/report/img61/config-check")"
fi
finish
