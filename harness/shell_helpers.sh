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

# A preset's build directory: its binaryDir in CMakePresets.json, read
# there (the first binaryDir after the preset's name), not kept twice.
preset_dir() { # PRESET
  awk -v want="\"name\": \"$1\"," '
    index($0, want) { on = 1 }
    on && /"binaryDir"/ { sub(/.*"binaryDir": "\$\{sourceDir\}\//, ""); sub(/".*/, ""); print; exit }
  ' CMakePresets.json
}

# The presets build with Ninja: its no-op build takes 0.1 s where Make's
# took 3.7 s, and run_all.sh builds before every run. CMake will not switch
# the generator of a configured directory, so one that an older checkout
# configured for Make is configured afresh (its cache and CMakeFiles go; a
# full rebuild, once).
forget_other_generator() { # DIR
  local cache=$1/CMakeCache.txt
  [ -n "$1" ] && [ -f "$cache" ] || return 0
  grep -qx 'CMAKE_GENERATOR:INTERNAL=Ninja' "$cache" && return 0
  echo "${SCRIPT_NAME:-$0}: $1 was configured for another generator; configuring it afresh for Ninja" >&2
  rm -rf "$cache" "$1/CMakeFiles"
}

# Configures and builds a CMake preset (CMakePresets.json), quietly.
build() { # PRESET
  command -v ninja >/dev/null 2>&1 ||
    { echo "${SCRIPT_NAME:-$0}: ninja is missing (the presets build with it): apt-get install ninja-build" >&2; exit 2; }
  forget_other_generator "$(preset_dir "$1")"
  quietly cmake --preset "$1"
  quietly cmake --build --preset "$1" -j "$(nproc)"
}
