# shell_helpers.sh: what run_all.sh and harness/bench/run.sh share. Source
# it after setting SCRIPT_NAME (the name failures are reported under).

# Runs a command with its output kept aside; on failure the output goes to
# stderr with one line naming the command, and the script exits 2.
quietly() {
  local log
  log=$(mktemp)
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "${SCRIPT_NAME:-$0}: failed: $*" >&2
    exit 2
  fi
  rm -f "$log"
}

# Configures and builds a CMake preset (CMakePresets.json), quietly.
build() { # PRESET
  quietly cmake --preset "$1"
  quietly cmake --build --preset "$1" -j "$(nproc)"
}
