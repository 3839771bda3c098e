# Sourced by the command-line tests. Arguments: DSLAB SOURCE_DIR.
set -u
DSLAB=${1:?usage: $0 DSLAB SOURCE_DIR}
SOURCE_DIR=${2:?usage: $0 DSLAB SOURCE_DIR}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/dslab-test.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
failures=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# expect_exit CODE DESCRIPTION -- COMMAND...: runs COMMAND, checks its exit
# status, and leaves its stdout/stderr in $WORK/out and $WORK/err.
expect_exit() {
  local want=$1 what=$2 got
  shift 3
  "$@" >"$WORK/out" 2>"$WORK/err"
  got=$?
  [ "$got" -eq "$want" ] || { fail "$what: exit $got, expected $want; stderr: $(head -3 "$WORK/err")"; return 1; }
  return 0
}

# Pids of the processes whose executable lies under DIR (scenarios are
# started with argv[0] set to their name, so their command line does not
# show the path; /proc/PID/exe does). Zombies have no exe and do not count.
processes_running_from() {
  local dir=$1 proc exe
  for proc in /proc/[0-9]*; do
    exe=$(readlink "$proc/exe" 2>/dev/null) || continue
    case $exe in "$dir"/*) echo "${proc#/proc/}" ;; esac
  done
}

# A copy of the goldens that a test may spoil.
copy_expected() {
  rm -rf "$WORK/expected"
  cp -r "$SOURCE_DIR/expected" "$WORK/expected"
}

finish() {
  if [ "$failures" -gt 0 ]; then
    echo "$failures check(s) failed"
    exit 1
  fi
  echo "all checks passed"
  exit 0
}
