#!/usr/bin/env bash
# run.sh: a libFuzzer campaign on one parser, from the fuzz build.
#
#   cmake --preset fuzz && cmake --build --preset fuzz
#   nice -n 19 harness/fuzz/run.sh transcript 600
#
# The seeds in harness/fuzz/corpus/TARGET are read, never written; what the
# campaign finds goes to a scratch corpus under the build directory
# (BUILD/work/TARGET/corpus, kept from one campaign to the next), crashes,
# leaks, timeouts and out-of-memory inputs to BUILD/work/TARGET/artifacts/.
# Only --merge writes to the source tree: it adds to the seed corpus the
# scratch inputs that reach coverage the seeds do not (libFuzzer -merge=1).
set -euo pipefail

targets=(proc_net sock_diag transcript golden cli)

usage() {
  cat <<USAGE
usage: harness/fuzz/run.sh [OPTIONS] TARGET SECONDS [-- LIBFUZZER_ARGS...]

  TARGET      ${targets[*]}
  SECONDS     how long to fuzz (-max_total_time)

options:
  --build-dir DIR  the fuzz build directory (default: build/fuzz of this tree)
  --fresh          start from the seeds with an empty scratch corpus
                   (BUILD/work/TARGET/quick), as the ctest runs do
  --runs N         stop after N executions too (-runs)
  --merge          then minimise what was found into harness/fuzz/corpus/TARGET
  --help           this text

Prints the executions, the coverage and the corpus size; exits with
libFuzzer's status: 0 nothing found, else the artifact is named (minimise a
crash with: BUILD/harness/fuzz/fuzz_TARGET -minimize_crash=1 -runs=100000 FILE).
USAGE
}

source_dir=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
build_dir=$source_dir/build/fuzz
fresh=0
merge=0
runs=
while [ $# -gt 0 ]; do
  case "$1" in
    --build-dir) build_dir=${2:?--build-dir needs a directory}; shift ;;
    --build-dir=*) build_dir=${1#*=} ;;
    --fresh) fresh=1 ;;
    --runs) runs=${2:?--runs needs a number}; shift ;;
    --runs=*) runs=${1#*=} ;;
    --merge) merge=1 ;;
    --help|-h) usage; exit 0 ;;
    --) break ;;
    -*) echo "run.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
    *) break ;;
  esac
  shift
done
if [ $# -lt 2 ]; then
  usage >&2
  exit 2
fi
target=$1
seconds=$2
shift 2
[ "${1:-}" = -- ] && shift
extra=("$@")

case " ${targets[*]} " in
  *" $target "*) ;;
  *) echo "run.sh: unknown target '$target'; targets: ${targets[*]}" >&2; exit 2 ;;
esac
case "$seconds" in
  ''|*[!0-9]*) echo "run.sh: SECONDS must be a whole number, not '$seconds'" >&2; exit 2 ;;
esac
if [ -n "$runs" ] && ! [[ "$runs" =~ ^[0-9]+$ ]]; then
  echo "run.sh: --runs needs a whole number, not '$runs'" >&2
  exit 2
fi

build_dir=$(readlink -f "$build_dir")
fuzzer=$build_dir/harness/fuzz/fuzz_$target
if [ ! -x "$fuzzer" ]; then
  echo "run.sh: no $fuzzer; build it first: cmake --preset fuzz && cmake --build --preset fuzz" >&2
  exit 2
fi
seeds=$source_dir/harness/fuzz/corpus/$target
work=$build_dir/work/$target
case "$work/" in
  "$source_dir"/harness/*) echo "run.sh: the build directory must not be in harness/" >&2; exit 2 ;;
esac
if [ "$fresh" = 1 ]; then
  corpus=$work/quick
  rm -rf "$corpus"
else
  corpus=$work/corpus
fi
artifacts=$work/artifacts
mkdir -p "$corpus" "$artifacts"
log=$work/last.log

# The fuzzer's settings for every run, campaign or ctest.
flags=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
       -artifact_prefix="$artifacts/")
[ -n "$runs" ] && flags+=(-runs="$runs")
[ -f "$source_dir/harness/fuzz/$target.dict" ] && flags+=(-dict="$source_dir/harness/fuzz/$target.dict")
# Report lines run up to RECORD_MAX_LINE (4096) bytes: room for longer ones.
[ "$target" = transcript ] && flags+=(-max_len=8192)

export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
before=$(find "$corpus" -type f | wc -l)
echo "run.sh: fuzz_$target for ${seconds}s; seeds $seeds, scratch $corpus, log $log"
status=0
# New inputs go to the first directory only: the scratch one.
"$fuzzer" "${flags[@]}" "${extra[@]}" "$corpus" "$seeds" >"$log" 2>&1 || status=$?

final_stat() { sed -n "s/^stat::$1: *//p" "$log" | tail -n 1; }
executions=$(final_stat number_of_executed_units)
rate=$(final_stat average_exec_per_sec)
coverage=$(grep -Eo 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -n 1 || true)
after=$(find "$corpus" -type f | wc -l)
echo "run.sh: fuzz_$target: ${executions:-?} executions (${rate:-?}/s), ${coverage:-cov: ?}," \
     "scratch corpus $before -> $after inputs, exit $status"
if [ "$status" != 0 ]; then
  # The sanitizer's or libFuzzer's report, and the artifact it wrote.
  grep -v '^#[0-9]' "$log" | tail -n 80
  echo "run.sh: fuzz_$target found something; full log: $log" >&2
  exit "$status"
fi

if [ "$merge" = 1 ]; then
  mkdir -p "$seeds"
  seed_count=$(find "$seeds" -type f | wc -l)
  merge_flags=(-merge=1 -timeout=10 -rss_limit_mb=2048)
  [ "$target" = transcript ] && merge_flags+=(-max_len=8192)
  "$fuzzer" "${merge_flags[@]}" "$seeds" "$corpus" >"$work/merge.log" 2>&1 || {
    tail -n 20 "$work/merge.log" >&2
    echo "run.sh: merge failed; log: $work/merge.log" >&2
    exit 1
  }
  echo "run.sh: merged into $seeds: $seed_count -> $(find "$seeds" -type f | wc -l) inputs (review, then git add)"
fi
