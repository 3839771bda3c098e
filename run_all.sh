#!/usr/bin/env bash
# run_all.sh: the one entry point. Installs what is missing (Debian
# packages), configures, builds, and runs the lessons; with --ci, the whole
# test suite, then again under AddressSanitizer + UBSan.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: ./run_all.sh [--ci | --bench] [--help] [-- ARGS...]

  (no option)  install missing Debian packages (as root), build, and run every
               case: a line per case, then "N passed, N failed, N skipped".
               Exit status is dslab run's: 0 all passed, 1 a case failed,
               2 usage or bad input, 4 everything was skipped.
  --ci         the test command (what .ci/run calls): the same set-up, then
               the whole ctest suite (cases, unit, command-line, views, report,
               soak, valgrind tests), then the asan preset's build and ctest run,
               then each fuzz target briefly (fuzz preset). Exit 0 iff all pass.
  --bench      the benchmark (harness/bench/run.sh): builds, times the suite
               against bare cases, snapshots of 1k-100k sockets against ss and
               netstat, memory, 10,000 consecutive cases; prints markdown and
               writes build/bench/results.json (3-5 minutes). Arguments after
               -- go to it (--runs N, --sizes "...", --no-long).
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
    --help|-h) usage; exit 0 ;;
    --) shift; extra=("$@"); break ;;
    *) echo "run_all.sh: unknown option '$1' (see ./run_all.sh --help)" >&2; exit 2 ;;
  esac
  shift
done

cd "$(dirname "$(readlink -f "$0")")"

# Debian packages the build and the tests need.
packages=(build-essential cmake pkgconf libcmocka-dev libcap-dev libmnl-dev)
# The test suite also uses: jq (checks JSON output), iproute2 (ip netns list, ss),
# net-tools (netstat: the views are checked against ss and netstat),
# clang and its sanitizer runtime (the asan and fuzz presets build with
# clang), valgrind (dslab under memcheck), groff-base and man-db (the man
# page renders without warnings: groff -ww, man -l), chromium and python3
# (the HTML report is loaded in headless Chromium and its DOM checked; about
# 20 s to install, 350 MB).
[ "$mode" = ci ] && packages+=(jq iproute2 net-tools clang libclang-rt-dev valgrind groff-base man-db chromium python3)

ensure_packages() {
  command -v dpkg-query >/dev/null 2>&1 || return 0 # not Debian: cmake will say what is missing
  local missing=() p
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "run_all.sh: missing Debian packages: ${missing[*]}; install them with: sudo apt-get install ${missing[*]}" >&2
    exit 2
  fi
  echo "run_all.sh: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Quiet unless it fails; then the whole log.
quietly() {
  local log
  log=$(mktemp)
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "run_all.sh: failed: $*" >&2
    exit 2
  fi
  rm -f "$log"
}

build() {
  local preset=$1
  quietly cmake --preset "$preset"
  quietly cmake --build --preset "$preset" -j "$(nproc)"
}

[ "$mode" = bench ] && packages+=(iproute2 net-tools util-linux)
ensure_packages
if [ "$mode" = bench ]; then
  exec harness/bench/run.sh "${extra[@]}"
fi
build default

if [ "$mode" = run ]; then
  exec build/dslab run "${extra[@]}"
fi

status=0
ctest --preset default --output-junit junit.xml || status=1
build asan
ctest --preset asan --output-junit junit.xml || status=1
# Each libFuzzer target briefly (about a minute in all): harness/fuzz/run.sh
# runs long campaigns.
build fuzz
ctest --preset fuzz --output-junit junit.xml || status=1
exit $status
