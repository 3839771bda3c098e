#!/usr/bin/env bash
# soak.sh: the whole scenario suite, again and again (dslab run --jobs 2 in
# a loop), optionally under CPU stress from stress-ng, to shake out flaky
# cases: races with the kernel, timeouts, leftover processes.
#
#   harness/soak.sh 300                 300 runs
#   harness/soak.sh 300 --stress 120    the same, the first 120 s under stress-ng --cpu 2
#   harness/soak.sh 300 --kill-trials 100
#                                       then 100 runs killed at random moments
#                                       (harness/tests/scripts/host_untouched.sh)
#
# Prints the runs, the failed runs and the cases' totals, and the output of
# the first failing run. Exit 0 when every run passed, 1 on any failure,
# 2 on bad usage, 4 when every run skipped everything (no namespaces here).
set -uo pipefail

usage() {
  cat <<'USAGE'
usage: harness/soak.sh [RUNS] [--stress SECONDS] [--kill-trials N] [--dslab PATH] [--jobs N] [-- PATTERN...]

  RUNS              how many times to run the suite (default 100)
  --stress SECONDS  run stress-ng --cpu 2 --timeout SECONDS alongside (installed
                    with apt-get if missing and root); runs go on after it ends
  --kill-trials N   after the runs, N more runs of the whole suite killed at a
                    random moment (SIGKILL; every fourth SIGTERM or SIGINT),
                    then the host checked: sysctls, namespaces, processes,
                    source tree, /tmp (harness/tests/scripts/host_untouched.sh)
  --dslab PATH      the dslab to run (default: build/dslab of this tree)
  --jobs N          dslab run --jobs (default 2)
  -- PATTERN...     run only these cases (dslab run patterns)

Work files (each run's output, the actual transcripts of the first failing
run) go to soak/ beside dslab, e.g. build/soak/.
USAGE
}

source_dir=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
runs=100
stress=0
kill_trials=0
dslab=${DSLAB:-$source_dir/build/dslab}
jobs=2
patterns=()
while [ $# -gt 0 ]; do
  case "$1" in
    --stress) stress=${2:-}; shift ;;
    --stress=*) stress=${1#*=} ;;
    --kill-trials) kill_trials=${2:-}; shift ;;
    --kill-trials=*) kill_trials=${1#*=} ;;
    --dslab) dslab=${2:-}; shift ;;
    --dslab=*) dslab=${1#*=} ;;
    --jobs) jobs=${2:-}; shift ;;
    --jobs=*) jobs=${1#*=} ;;
    --help|-h) usage; exit 0 ;;
    --) shift; patterns=("$@"); break ;;
    -*) echo "soak.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
    *) runs=$1 ;;
  esac
  shift
done
for n in "$runs" "$stress" "$jobs" "$kill_trials"; do
  if ! [[ "$n" =~ ^[0-9]+$ ]]; then
    echo "soak.sh: '$n' is not a whole number (see --help)" >&2
    exit 2
  fi
done
if [ "$runs" -lt 1 ] || [ "$jobs" -lt 1 ]; then
  echo "soak.sh: RUNS and --jobs must be at least 1" >&2
  exit 2
fi
if [ ! -x "$dslab" ]; then
  echo "soak.sh: no $dslab; build first: cmake --preset default && cmake --build build" >&2
  exit 2
fi
dslab=$(readlink -f "$dslab")
scenarios_dir=$(dirname "$dslab")/scenarios
work=$(dirname "$dslab")/soak
rm -rf "$work"
mkdir -p "$work/actual"

stress_pid=
stop_stress() {
  if [ -n "$stress_pid" ] && kill -0 "$stress_pid" 2>/dev/null; then
    kill "$stress_pid" 2>/dev/null
    wait "$stress_pid" 2>/dev/null
  fi
  stress_pid=
}
trap stop_stress EXIT
trap 'stop_stress; exit 130' INT TERM

if [ "$stress" -gt 0 ]; then
  if ! command -v stress-ng >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "soak.sh: installing stress-ng" >&2
      install_log=$work/apt-get.log
      { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends stress-ng ||
          { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
              apt-get install -y -qq --no-install-recommends stress-ng; }; } >"$install_log" 2>&1 ||
        { cat "$install_log" >&2; echo "soak.sh: could not install stress-ng" >&2; exit 2; }
    else
      echo "soak.sh: --stress needs stress-ng: sudo apt-get install stress-ng" >&2
      exit 2
    fi
  fi
  stress-ng --cpu 2 --timeout "${stress}s" --quiet &
  stress_pid=$!
fi

failed_runs=0
skipped_runs=0
stressed_runs=0
first_failure=
total_passed=0 total_failed=0 total_skipped=0
start=$SECONDS
for ((run = 1; run <= runs; run++)); do
  under_stress=0
  [ -n "$stress_pid" ] && kill -0 "$stress_pid" 2>/dev/null && under_stress=1
  out=$work/run.out
  rm -rf "$work/actual" && mkdir -p "$work/actual"
  "$dslab" run --jobs "$jobs" --actual-dir "$work/actual" "${patterns[@]}" >"$out" 2>&1
  status=$?
  stressed_runs=$((stressed_runs + under_stress))
  summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$out" | tail -n 1)
  if [[ "$summary" =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed,\ ([0-9]+)\ skipped$ ]]; then
    total_passed=$((total_passed + BASH_REMATCH[1]))
    total_failed=$((total_failed + BASH_REMATCH[2]))
    total_skipped=$((total_skipped + BASH_REMATCH[3]))
  fi
  case $status in
    0) ;;
    4) skipped_runs=$((skipped_runs + 1)) ;;
    *)
      failed_runs=$((failed_runs + 1))
      if [ -z "$first_failure" ]; then
        first_failure=$run
        cp "$out" "$work/first-failure.out"
        cp -r "$work/actual" "$work/first-failure-actual"
        echo "soak.sh: run $run failed (exit $status$([ "$under_stress" = 1 ] && echo ', under stress'))" >&2
      fi
      ;;
  esac
  if [ $((run % 50)) -eq 0 ] && [ "$run" -lt "$runs" ]; then
    echo "soak.sh: $run runs, $failed_runs failed, $((SECONDS - start)) s" >&2
  fi
done
stop_stress

# Nothing the runs started may be left running.
leftover=()
for proc in /proc/[0-9]*; do
  exe=$(readlink "$proc/exe" 2>/dev/null) || continue
  case $exe in "$scenarios_dir"/*) leftover+=("${proc#/proc/} ($exe)") ;; esac
done

echo "soak: $runs runs ($stressed_runs under stress-ng --cpu 2), $failed_runs failed, $skipped_runs skipped everything;" \
     "cases: $total_passed passed, $total_failed failed, $total_skipped skipped; $((SECONDS - start)) s"
if [ ${#leftover[@]} -gt 0 ]; then
  echo "soak: processes left running: ${leftover[*]}"
  failed_runs=$((failed_runs + 1))
fi
if [ "$kill_trials" -gt 0 ]; then
  kill_start=$SECONDS
  if DSLAB_KILL_ROUNDS=$kill_trials bash "$source_dir/harness/tests/scripts/host_untouched.sh" \
       "$dslab" "$source_dir" >"$work/kill-trials.out" 2>&1; then
    echo "soak: $kill_trials kill trials, the host untouched; $((SECONDS - kill_start)) s"
  else
    echo "soak: kill trials failed ($work/kill-trials.out):"
    grep '^FAIL' "$work/kill-trials.out" | head -20
    failed_runs=$((failed_runs + 1))
  fi
fi
if [ -n "$first_failure" ]; then
  echo "soak: first failure, run $first_failure (the transcripts: $work/first-failure-actual):"
  grep -v '^PASS ' "$work/first-failure.out"
fi
[ "$failed_runs" -gt 0 ] && exit 1
[ "$skipped_runs" -eq "$runs" ] && exit 4
exit 0
