#!/usr/bin/env bash
# Least privilege, proven from inside: every scenario runs with exactly the
# capabilities its header declares (dslab-capabilities: ..., none if no
# such line) in its permitted, effective, inheritable and bounding sets, no
# ambient ones, and no_new_privs set, as /proc/self/status states them in
# the scenario process before its main() (harness/lib/lesson/capability_log.c).
# Checked for the whole suite as root and, where user namespaces allow,
# as nobody (the rootless path).
. "$(dirname "$0")/common.sh"

capability_header=/usr/include/linux/capability.h
[ -r "$capability_header" ] || { echo "SKIP: $capability_header missing (linux-libc-dev)"; exit 4; }

# The mask of a declared list: "cap_net_admin,cap_sys_admin" -> 16 hex digits.
mask_of() {
  local list=$1 mask=0 name bit
  IFS=, read -ra names <<<"$list"
  for name in "${names[@]}"; do
    [ -n "$name" ] || continue
    bit=$(awk -v n="${name^^}" '$1 == "#define" && $2 == n {print $3}' "$capability_header")
    [[ "$bit" =~ ^[0-9]+$ ]] || { fail "unknown capability '$name'"; continue; }
    mask=$((mask | (1 << bit)))
  done
  printf '%016x' "$mask"
}

check_log() { # WHO LOG
  local who=$1 log=$2 source name declared want line field value seen
  for source in "$SOURCE_DIR"/scenarios/*.c; do
    name=$(basename "$source" .c)
    declared=$(sed -n 's/.*dslab-capabilities:[[:space:]]*\([a-z_,]*\).*/\1/p' "$source" | head -1)
    want=$(mask_of "$declared")
    seen=0
    while read -r line; do
      seen=$((seen + 1))
      for field in CapInh CapPrm CapEff CapBnd; do
        value=$(sed -n "s/.* $field:\([0-9a-f]*\).*/\1/p" <<<"$line")
        [ "$value" = "$want" ] || fail "$who: $name: $field $value, declared ${declared:-none} ($want)"
      done
      value=$(sed -n 's/.* CapAmb:\([0-9a-f]*\).*/\1/p' <<<"$line")
      [ "$value" = 0000000000000000 ] || fail "$who: $name: ambient capabilities $value"
      grep -q ' NoNewPrivs:1$' <<<"$line" || fail "$who: $name: no_new_privs not set: $line"
    done < <(grep "^$name " "$log" 2>/dev/null)
    # Every case that ran (a skipped one never reaches exec: e.g. a hermetic
    # /etc where "/" is no mount point) must have logged.
    cases=$(grep -E "^[A-Z]+ +$name/" "$WORK/out" | grep -vc '^SKIP')
    [ "$seen" -ge "$cases" ] || fail "$who: $name: $seen processes logged, $cases cases ran"
  done
}

log=$WORK/capabilities.log
DSLAB_CAPABILITY_LOG=$log "$DSLAB" run --jobs 2 --actual-dir "$WORK/actual" >"$WORK/out" 2>&1 ||
  fail "the suite as root: $(tail -1 "$WORK/out")"
check_log root "$log"

if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null &&
   setpriv --reuid=nobody --regid=nogroup --clear-groups unshare -Ur true 2>/dev/null; then
  # nobody cannot read a root-only work directory: a copy it can.
  mkdir -p "$WORK/rootless/build"
  cp "$DSLAB" "$WORK/rootless/build/dslab"
  cp -r "$(dirname "$DSLAB")/scenarios" "$WORK/rootless/build/scenarios"
  [ -d "$(dirname "$DSLAB")/etc" ] && cp -r "$(dirname "$DSLAB")/etc" "$WORK/rootless/build/etc"
  cp -r "$SOURCE_DIR/expected" "$WORK/rootless/expected"
  chmod -R a+rX "$WORK"
  mkdir -m 0777 "$WORK/rootless/actual" "$WORK/rootless/log"
  rootless_log=$WORK/rootless/log/capabilities.log
  DSLAB_CAPABILITY_LOG=$rootless_log setpriv --reuid=nobody --regid=nogroup --clear-groups \
    "$WORK/rootless/build/dslab" run --jobs 2 --expected "$WORK/rootless/expected" \
    --actual-dir "$WORK/rootless/actual" >"$WORK/out" 2>&1 ||
    fail "the suite as nobody: $(tail -1 "$WORK/out")"
  check_log nobody "$rootless_log"
else
  echo "note: the rootless check needs root, setpriv and user namespaces; done as root only"
fi
finish
