#!/usr/bin/env bash
# run_all.sh: the one entry point. Installs what is missing (Debian
# packages), configures, builds, and runs the lessons; with --ci, the whole
# test suite, then again under AddressSanitizer + UBSan.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: ./run_all.sh [--ci | --bench | --kernels | --musl] [--help] [-- ARGS...]

  (no option)  install missing Debian packages (as root; with the programs the
               runtime lessons declare in `dslab-package:` lines), build, and run every
               case: a line per case, then "N passed, N failed, N skipped".
               Exit status is dslab run's: 0 all passed, 1 a case failed,
               2 usage or bad input, 4 everything was skipped.
  --ci         the test command (what .ci/run calls): the same set-up, then
               the whole ctest suite (cases, unit, command-line, views, report,
               soak, valgrind, kernels, install tests; not the package on a
               fresh root: ctest -L package), then the asan preset's build and ctest run,
               then each fuzz target briefly (fuzz preset), then the musl build
               and the kernel matrix (dslab kernels --kernel 6.1 --kernel
               bullseye: this host, musl, Debian's 6.1 cloud kernel and
               bullseye's 5.10 in qemu). Exit 0 iff all pass.
  --kernels    the kernel and libc matrix: builds the default and musl presets,
               then `dslab kernels` (default --kernel 6.1 --kernel 6.12; arguments
               after -- go to it): a behaviour diff, cell by cell, in the terminal
               and build/kernels/diff.md, diff.json.
  --musl       build the musl preset (build/musl/dslab; libcap and libmnl built
               for musl from Debian's source) and run every case with it.
  --bench      the benchmark (harness/bench/run.sh): builds, times the suite
               against bare cases, snapshots of 1k-100k sockets against ss and
               netstat, memory, 10,000 consecutive cases, the kernel matrix
               (6.1 in qemu); prints markdown and writes
               build/bench/results.json (5-6 minutes). Arguments after -- go
               to it (--runs N, --sizes "...", --no-long, --kernels "...",
               --no-kernels).
  --help       this text.
  -- ARGS      extra arguments for `dslab run` (patterns, --jobs, --format ...).

Environment: DSLAB_TIMEOUT_MULTIPLIER stretches every case's time limit.
USAGE
}

mode=run
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --ci) mode=ci ;;
    --bench) mode=bench ;;
    --kernels) mode=kernels ;;
    --musl) mode=musl ;;
    --help|-h) usage; exit 0 ;;
    --) shift; extra=("$@"); break ;;
    *) echo "run_all.sh: unknown option '$1' (see ./run_all.sh --help)" >&2; exit 2 ;;
  esac
  shift
done

cd "$(dirname "$(readlink -f "$0")")"

# Debian packages the build and the tests need.
packages=(build-essential cmake ninja-build pkgconf libcmocka-dev libcap-dev libmnl-dev)
# The test suite also uses: jq (checks JSON output), iproute2 (ip netns list, ss),
# net-tools (netstat: the views are checked against ss and netstat),
# clang and its sanitizer runtime (the asan and fuzz presets build with
# clang), valgrind (dslab under memcheck), groff-base and man-db (the man
# page renders without warnings: groff -ww, man -l), chromium and python3
# (the HTML report is loaded in headless Chromium and its DOM checked; about
# 20 s to install, 350 MB); socat and nginx-light (dslab doctor is checked
# on real servers, test doctor/servers) and strace (doctor's bad input is
# checked to bind nothing).
[ "$mode" = ci ] && packages+=(jq iproute2 net-tools clang libclang-rt-dev valgrind groff-base man-db chromium python3
  socat nginx-light strace)

# The Debian packages of a list that are not installed, one per line.
missing_packages() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"
  done
}

# apt-get install, as root. Debian starts a service its package installs
# (nginx on the host's port 80): the tests run servers only in their own
# namespaces, so while installing, a policy-rc.d that refuses every start
# (exit 101), where the machine has none of its own; removed afterwards,
# also if the install is interrupted.
install_packages() {
  export DEBIAN_FRONTEND=noninteractive
  local policy=
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    policy=/usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
    printf '#!/bin/sh\n# run_all.sh: no service starts while it installs packages\nexit 101\n' >"$policy"
    chmod 755 "$policy"
  fi
  local status=0
  { apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "$@" >/dev/null; } ||
    status=$?
  [ -z "$policy" ] || { rm -f "$policy"; trap - EXIT; }
  return $status
}

# ensure WHAT REQUIRED PACKAGE...: install what is missing as root. As
# another user, name it: REQUIRED=yes stops here (exit 2), else the run
# goes on without them (their cases skip with the hint).
ensure() {
  local what=$1 required=$2 missing
  shift 2
  command -v dpkg-query >/dev/null 2>&1 || return 0 # not Debian: cmake will say what is missing
  mapfile -t missing < <(missing_packages "$@")
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "run_all.sh: missing $what: ${missing[*]}; install them with: sudo apt-get install ${missing[*]}" >&2
    [ "$required" = yes ] && exit 2
    return 0
  fi
  echo "run_all.sh: installing $what: ${missing[*]}" >&2
  install_packages "${missing[@]}"
}

SCRIPT_NAME=run_all.sh
. harness/shell_helpers.sh # quietly, build

# The benchmark's yardsticks (ss, netstat), nsenter, and for its kernel
# section qemu, a static busybox, cpio and xz.
[ "$mode" = bench ] && packages+=(iproute2 net-tools util-linux qemu-system-x86 busybox-static cpio xz-utils)
# The matrix: musl-gcc (musl-tools), dpkg-source for Debian's source packages
# (dpkg-dev), qemu, a static busybox for the VM, cpio and xz for the initramfs.
case "$mode" in
  ci|kernels) packages+=(musl-tools dpkg-dev qemu-system-x86 busybox-static cpio xz-utils) ;;
  musl) packages+=(musl-tools dpkg-dev) ;;
esac
ensure "Debian packages" yes "${packages[@]}"

# The programs the runtime lessons are about (a `dslab-package: NAME` line
# in the scenario's header, e.g. python3, socat): installed as root; as
# another user they are named, and their cases are skipped with the hint.
case "$mode" in
  run|ci) ensure "the lessons' programs (their cases are skipped without them)" no \
    $(sed -n 's/.*dslab-package:[[:space:]]*\([a-z0-9][a-z0-9.+-]*\).*/\1/p' scenarios/*.c | sort -u) ;;
esac
if [ "$mode" = bench ]; then
  exec harness/bench/run.sh "${extra[@]}"
fi
build default

if [ "$mode" = run ]; then
  exec build/dslab run "${extra[@]}"
fi

# The musl preset: libcap and libmnl for musl first (harness/kernels/musl-deps.sh,
# from Debian's source packages). Returns 4 where a source cannot be had.
build_musl() {
  local why rc=0
  why=$(harness/kernels/musl-deps.sh build/musl-deps/prefix 2>&1) || rc=$?
  if [ $rc -ne 0 ]; then
    echo "run_all.sh: no musl build: $why" >&2
    return $rc
  fi
  build musl
}

if [ "$mode" = musl ]; then
  build_musl || exit $?
  exec build/musl/dslab run "${extra[@]}"
fi
if [ "$mode" = kernels ]; then
  build_musl || true # the musl column is then skipped, with the reason
  exec build/dslab kernels "${extra[@]}"
fi

# A failed test's output again at the very end: a long CI log is often
# shown as its head and its tail only. (ctest keeps the last run's output
# per build directory in Testing/Temporary, so each run's is taken at once.)
recap=""
failed_outputs() { # BUILD_DIR
  local temporary=$1/Testing/Temporary name
  [ -s "$temporary/LastTestsFailed.log" ] || return 0
  while IFS=: read -r _ name; do
    printf '\n--- %s (%s), the end of its output:\n' "$name" "$1"
    awk -v name="$name" '
      /^[0-9]+\/[0-9]+ Test: / { on = (substr($0, index($0, "Test: ") + 6) == name); next }
      on && /^<end of output>/ { on = 0 }
      on' "$temporary/LastTest.log" | tail -n 30
  done <"$temporary/LastTestsFailed.log"
}
run_ctest() { # BUILD_DIR CTEST_ARGUMENTS...
  local dir=$1
  shift
  ctest "$@" && return 0
  recap+=$(failed_outputs "$dir")
  return 1
}

# One decision on the VM accelerator for the whole run (harness/kernels/vm.sh):
# where /dev/kvm opens but KVM makes no progress, the first boot finds out
# in 10 s and every later boot, in every test, uses TCG without trying it.
export DSLAB_VM_ACCEL_STATE="$PWD/build/accel-decision.$$"
rm -f "$DSLAB_VM_ACCEL_STATE"
trap 'rm -f "$DSLAB_VM_ACCEL_STATE"' EXIT

status=0
# All but the Debian package on a fresh root (label "package": 3 to 7
# minutes of package downloads and a second build; ctest -L package runs
# it, README "Installing").
run_ctest build --preset default -LE package --output-junit junit.xml || status=1
build asan
run_ctest build/asan --preset asan --output-junit junit.xml || status=1
# Each libFuzzer target briefly (about a minute in all): harness/fuzz/run.sh
# runs long campaigns.
build fuzz
run_ctest build/fuzz --preset fuzz --output-junit junit.xml || status=1
# The kernel and libc matrix: the musl build (its ctest label "musl" runs
# the suite with it), then this host, musl, Debian's 6.1 kernel and
# bullseye's 5.10 (from the private archive index, harness/kernels/archive.sh)
# in qemu. The downloads (~27 MB each) are cached in build/kernels/cache.
if build_musl; then
  run_ctest build --preset default -L musl --output-junit junit-musl.xml || status=1
else
  rc=$?
  [ $rc -eq 4 ] || status=1 # a source the archive lacks skips; a broken build fails
fi
start=$(date +%s)
build/dslab kernels --kernel 6.1 --kernel bullseye || status=1
echo "run_all.sh: the kernel matrix took $(($(date +%s) - start)) s"
[ -s "$DSLAB_VM_ACCEL_STATE" ] && echo "run_all.sh: the VMs ran under TCG: $(cat "$DSLAB_VM_ACCEL_STATE")"
if [ -n "$recap" ]; then
  echo
  echo "run_all.sh: the tests that failed, the end of each one's output:"
  printf '%s\n' "$recap"
fi
exit $status
