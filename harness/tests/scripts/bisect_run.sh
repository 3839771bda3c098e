#!/usr/bin/env bash
# harness/kernels/bisect-run.sh (label "kernels"): bad usage stops a
# bisection (128); the reproducer of the 6.1 difference, booted in Debian's
# 6.1 kernel, is "bad" (1) and in 6.12 "good" (0); a kernel that cannot
# run it is "skip" (125). About 40 s under TCG. Exits 4 (skipped) without
# qemu or apt's 6.1 and 6.12 kernels.
. "$(dirname "$0")/common.sh"
BISECT="$SOURCE_DIR/harness/kernels/bisect-run.sh"
BUILD=$(dirname "$DSLAB")
case='bind_matrix_tcp/bindv6only=0,reuse=none,order=bbll'
"$DSLAB" reproduce "$case" --cell '[::ffff:0.0.0.0]' '[::ffff:127.0.0.1]' -o "$WORK/repro.c" || fail "reproduce: exit $?"

expect_exit 128 "no reproducer" -- "$BISECT" --kernel 6.1 --build "$BUILD"
expect_exit 128 "two kernels" -- "$BISECT" --kernel 6.1 --kernel-image /nonexistent --build "$BUILD" "$WORK/repro.c"
echo 'int main(void) { return x; }' >"$WORK/broken.c"
expect_exit 128 "a reproducer that does not compile" -- "$BISECT" --kernel 6.1 --build "$BUILD" "$WORK/broken.c"
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
fi
finish
