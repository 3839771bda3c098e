#!/usr/bin/env bash
# harness/kernels/bisect-run.sh (label "kernels"): bad usage stops a
# bisection (128); the reproducer of the 6.1 difference, booted in Debian's
# 6.1 kernel, is "bad" (1) and in 6.12 "good" (0); a kernel that cannot
# run it is "skip" (125), as is a --tree that does not build (a stand-in
# tree: no kernel source needed); a stand-in tree whose build gives
# Debian's 6.1 image is "bad". About 60 s under TCG. Exits 4 (skipped) without
# qemu or apt's 6.1 and 6.12 kernels.
. "$(dirname "$0")/common.sh"
# Where KVM makes no progress, one boot finds out and the others use TCG
# (harness/kernels/vm.sh): the whole CI run's file (run_all.sh), or this
# test's.
export DSLAB_VM_ACCEL_STATE=${DSLAB_VM_ACCEL_STATE:-$WORK/accel-decision}
BISECT="$SOURCE_DIR/harness/kernels/bisect-run.sh"
BUILD=$(dirname "$DSLAB")
case='bind_matrix_tcp/bindv6only=0,reuse=none,order=bbll'
"$DSLAB" reproduce "$case" --cell '[::ffff:0.0.0.0]' '[::ffff:127.0.0.1]' -o "$WORK/repro.c" || fail "reproduce: exit $?"

expect_exit 128 "no reproducer" -- "$BISECT" --kernel 6.1 --build "$BUILD"
expect_exit 128 "two kernels" -- "$BISECT" --kernel 6.1 --kernel-image /nonexistent --build "$BUILD" "$WORK/repro.c"
echo 'int main(void) { return x; }' >"$WORK/broken.c"
expect_exit 128 "a reproducer that does not compile" -- "$BISECT" --kernel 6.1 --build "$BUILD" "$WORK/broken.c"
expect_exit 128 "not a kernel tree" -- "$BISECT" --tree "$WORK" --build "$BUILD" "$WORK/repro.c"
expect_exit 128 "bad --jobs" -- "$BISECT" --tree "$WORK" --jobs x --build "$BUILD" "$WORK/repro.c"
# --tree without a kernel tree: a stand-in with the parts bisect-run.sh
# calls (scripts/kconfig/merge_config.sh, make olddefconfig and bzImage).
# Its build fails: skip this commit (125), the build's last line said.
fake_tree() {
  rm -rf "$WORK/tree"
  mkdir -p "$WORK/tree/arch/x86/boot" "$WORK/tree/scripts/kconfig"
  printf '#!/bin/sh
[ "$1" = -m ] && shift
out=$1
shift
cat "$@" >>"$out"
' >"$WORK/tree/scripts/kconfig/merge_config.sh"
  chmod +x "$WORK/tree/scripts/kconfig/merge_config.sh"
  printf '# CONFIG_MODULES is not set\n' >"$WORK/tree/.config"
  printf 'olddefconfig:\n\t@true\nbzImage:\n\t%s\n' "$1" >"$WORK/tree/Makefile"
}
fake_tree '@echo "fake.c:1: error: this commit does not build" >&2; exit 1'
expect_exit 125 "a tree that does not build: skip" -- "$BISECT" --tree "$WORK/tree" --build "$BUILD" "$WORK/repro.c" &&
  { grep -q 'the kernel did not build (skip): .*Error 1\|the kernel did not build (skip): fake.c:1: error' "$WORK/err" ||
    fail "build failure not said: $(cat "$WORK/err")"; }
grep -qx 'CONFIG_NET_NS=y' "$WORK/tree/.config" || fail "the fragments were not merged into the tree's .config"
if ! command -v qemu-system-x86_64 >/dev/null || ! "$SOURCE_DIR/harness/kernels/vm.sh" resolve 6.12 >/dev/null 2>&1; then
  echo "no qemu or no 6.1/6.12 kernel from apt: the boots are skipped"
  [ $failures -eq 0 ] && exit 4 || exit 1
fi
expect_exit 1 "Debian 6.1: bad" -- "$BISECT" --kernel 6.1 --build "$BUILD" "$WORK/repro.c" &&
  { grep -q '^not ok 1 ' "$WORK/out" || fail "6.1: no 'not ok' from the reproducer: $(cat "$WORK/out")"; }
expect_exit 0 "Debian 6.12: good" -- "$BISECT" --kernel 6.12 --build "$BUILD" "$WORK/repro.c" &&
  { grep -q '^ok 1 ' "$WORK/out" || fail "6.12: no 'ok' from the reproducer: $(cat "$WORK/out")"; }
# A kernel that cannot run the reproducer (its .config lacks network
# namespaces) is skipped, not judged.
image=$(ls "$BUILD"/kernels/cache/linux-image-6.1.*/vmlinuz 2>/dev/null | head -n 1)
if [ -n "$image" ]; then
  printf '# CONFIG_NET_NS is not set\n' >"$WORK/config"
  DSLAB_VM_CONFIG="$WORK/config" expect_exit 125 "a kernel without CONFIG_NET_NS: skip" -- \
    "$BISECT" --kernel-image "$image" --build "$BUILD" "$WORK/repro.c"
  # A stand-in tree whose "build" is Debian's 6.1 image, no modules
  # (CONFIG_MODULES unset): booted with the tree's .config checked, bad.
  fake_tree "@cp '$(readlink -f "$image")' arch/x86/boot/bzImage"
  expect_exit 1 "a tree building Debian's 6.1: bad" -- "$BISECT" --tree "$WORK/tree" --jobs 1 --build "$BUILD" "$WORK/repro.c" &&
    { grep -q '^not ok 1 ' "$WORK/out" || fail "tree: no 'not ok' from the reproducer: $(cat "$WORK/out")"; }
fi
finish
