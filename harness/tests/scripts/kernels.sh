#!/usr/bin/env bash
# dslab kernels: bad input and faults (label "kernels"). Needs the network to
# Debian's archive and qemu for the boots; without qemu only the first two
# checks run, and the test exits 4 (skipped) if nothing that needs a VM ran.
# Reports go to a directory of the test's own (DSLAB_KERNELS_OUT); the kernel
# download is cached in the build's build/kernels/cache, as dslab kernels does.
. "$(dirname "$0")/common.sh"
# Where KVM makes no progress, one boot finds out and the others use TCG
# (harness/kernels/vm.sh): the whole CI run's file (run_all.sh), or this
# test's.
export DSLAB_VM_ACCEL_STATE=${DSLAB_VM_ACCEL_STATE:-$WORK/accel-decision}
export DSLAB_KERNELS_OUT="$WORK/report"
case=seed_v4v6/bindv6only=0

# An unknown SPEC: one line naming what apt offers, exit 2, nothing booted.
if expect_exit 2 "unknown kernel" -- "$DSLAB" kernels --no-musl --kernel 9.99 "$case"; then
  grep -q "unknown kernel '9.99'; apt offers: " "$WORK/err" || fail "unknown kernel: no 'apt offers' line: $(cat "$WORK/err")"
  [ "$(wc -l <"$WORK/err")" -eq 1 ] || fail "unknown kernel: more than one line: $(cat "$WORK/err")"
fi

# Series and suites beyond the host's apt, from Debian's archive through
# the private apt configuration (harness/kernels/archive.sh; its index is
# kept in the build's build/kernels/archive, as dslab kernels keeps it).
build_dir=$(dirname "$DSLAB")
resolved=$("$SOURCE_DIR/harness/kernels/vm.sh" resolve bullseye "$build_dir" 2>"$WORK/err")
rc=$?
case $rc in
0)
  [[ $resolved =~ ^linux-image-5\.10\.[0-9].*-cloud-amd64$ ]] || fail "bullseye: resolved to '$resolved'"
  resolved=$("$SOURCE_DIR/harness/kernels/vm.sh" resolve 7.2 "$build_dir" 2>&1)
  [[ $resolved =~ ^linux-image-7\.2\.[0-9].*-cloud-amd64$ ]] || fail "7.2: resolved to '$resolved'"
  if expect_exit 2 "an unknown suite" -- "$SOURCE_DIR/harness/kernels/vm.sh" resolve buster "$build_dir"; then
    grep -q "unknown kernel 'buster'; apt offers: 5.10 6.1 6.12 7.2 (or bullseye, bookworm, trixie, sid," "$WORK/err" ||
      fail "an unknown suite: $(cat "$WORK/err")"
    [ "$(wc -l <"$WORK/err")" -eq 1 ] || fail "an unknown suite: more than one line: $(cat "$WORK/err")"
  fi
  ;;
4) echo "Debian's archive cannot be read here ($(cat "$WORK/err")): the suites are not checked" ;;
*) fail "resolve bullseye: exit $rc ($(cat "$WORK/err"))" ;;
esac
# An archive that cannot be reached: one line, exit 4, no index left behind.
if DSLAB_DEBIAN_MIRROR=http://127.0.0.1:9 expect_exit 4 "an unreachable mirror" -- \
  "$SOURCE_DIR/harness/kernels/vm.sh" resolve bullseye "$WORK/build"; then
  grep -q "^dslab: cannot read Debian's archive index: " "$WORK/err" || fail "an unreachable mirror: $(cat "$WORK/err")"
  [ "$(wc -l <"$WORK/err")" -eq 1 ] || fail "an unreachable mirror: more than one line: $(cat "$WORK/err")"
  [ -e "$WORK/build/kernels/archive/updated" ] && fail "an unreachable mirror: the index is marked as read"
fi

# A goldens directory that is not there: one line, exit 2, nothing booted.
if expect_exit 2 "missing --expected" -- "$DSLAB" kernels --no-musl --kernel 6.1 --expected "$WORK/none" "$case"; then
  grep -qx "dslab: $WORK/none: goldens directory missing" "$WORK/err" || fail "missing --expected: $(cat "$WORK/err")"
fi

# No qemu: the kernel is skipped with the reason, and with only the host
# left nothing ran: exit 4.
if "$SOURCE_DIR/harness/kernels/vm.sh" resolve 6.1 >/dev/null 2>&1; then
  if DSLAB_QEMU=/nonexistent/qemu expect_exit 4 "no qemu" -- "$DSLAB" kernels --no-musl --kernel 6.1 "$case"; then
    grep -q "is not installed" "$WORK/out" || fail "no qemu: no reason given: $(cat "$WORK/out")"
  fi
else
  echo "apt knows no 6.1 kernel (apt-get update?): skipping the rest"
  [ $failures -eq 0 ] && exit 4 || exit 1
fi
if ! command -v qemu-system-x86_64 >/dev/null; then
  echo "qemu-system-x86_64 is not installed: the boots are skipped"
  [ $failures -eq 0 ] && exit 4 || exit 1
fi

# A corrupt download: dpkg-deb fails, the cache entry goes, exit 1.
package=$("$SOURCE_DIR/harness/kernels/vm.sh" resolve 6.1)
mkdir -p "$WORK/cache/$package"
echo "not a Debian package" >"$WORK/cache/$package/$package.deb"
if DSLAB_KERNEL_CACHE="$WORK/cache" expect_exit 1 "corrupt download" -- "$DSLAB" kernels --no-musl --kernel 6.1 "$case"; then
  grep -q "corrupt download of $package: dpkg-deb" "$WORK/out" || fail "corrupt download: not reported: $(cat "$WORK/out")"
fi
[ -e "$WORK/cache/$package" ] && fail "corrupt download: the cache entry is still there"

# A good boot: every case the same as the host's, reported as such.
if expect_exit 0 "a good boot" -- "$DSLAB" kernels --no-musl --kernel 6.1 "$case"; then
  grep -q "No difference" "$WORK/out" || fail "a good boot: no 'No difference' line: $(cat "$WORK/out")"
  grep -Eq '^  linux-6\.1 +glibc +6\.1\.[0-9]' "$WORK/out" || fail "a good boot: no linux-6.1 row: $(cat "$WORK/out")"
  if command -v jq >/dev/null; then
    jq -e '.format == "dslab-behaviour-diff/1" and (.columns | length) == 2 and (.differences | length) == 0' \
      "$WORK/report/diff.json" >/dev/null || fail "a good boot: diff.json: $(cat "$WORK/report/diff.json")"
  fi
  grep -q "No difference" "$WORK/report/diff.md" || fail "a good boot: diff.md says nothing"
fi

# A recorded override that no longer matches (one cell changed, in a copy of
# the goldens): the case is new, and the note names that cell against the
# override, beside the cells against the main golden.
recorded=bind_matrix_tcp/bindv6only=0,reuse=addr,order=bbll
copy_expected
sed -E -i '0,/^(  0\.0\.0\.0 +)0\/0\/0\/EADDRINUSE/s//\10\/0\/0\/EACCES    /' \
  "$WORK/expected/$recorded@linux-6.1.golden"
grep -q 'EACCES' "$WORK/expected/$recorded@linux-6.1.golden" || fail "spoiled override: the test's sed changed nothing"
if expect_exit 1 "a spoiled override" -- "$DSLAB" kernels --no-musl --kernel 6.1 --expected "$WORK/expected" "$recorded"; then
  grep -qF "linux-6.1: new - unlike its recorded override ${recorded#*/}@linux-6.1.golden: cell (0.0.0.0, 0.0.0.0) 0/0/0/EACCES -> 0/0/0/EADDRINUSE" "$WORK/out" ||
    fail "a spoiled override: the changed cell is not named: $(cat "$WORK/out")"
  grep -q "row '\[::ffff:0.0.0.0\]', column '\[::ffff:127.0.0.1\]'" "$WORK/out" ||
    fail "a spoiled override: the cells against the main golden are gone: $(cat "$WORK/out")"
fi

# A kernel that panics (no init): killed or ended, reported with its console.
if DSLAB_VM_INIT=/nonexistent expect_exit 1 "panic" -- "$DSLAB" kernels --no-musl --kernel 6.1 --timeout 120 "$case"; then
  grep -q "kernel linux-6.1: no result (panic)" "$WORK/out" || fail "panic: not reported: $(cat "$WORK/out")"
  grep -q "last console lines" "$WORK/out" || fail "panic: no console lines"
fi

# A VM that hangs: killed at its time limit.
if DSLAB_VM_EXEC='/bin/sleep|600' expect_exit 1 "hang" -- "$DSLAB" kernels --no-musl --kernel 6.1 --timeout 20 "$case"; then
  grep -q "kernel linux-6.1: no result (timeout)" "$WORK/out" || fail "hang: not reported: $(cat "$WORK/out")"
fi

[ $failures -eq 0 ] && echo "kernels: all checks passed"
exit $((failures > 0))
