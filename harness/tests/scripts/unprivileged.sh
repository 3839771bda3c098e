#!/usr/bin/env bash
# The suite passes as an ordinary user where user namespaces are enabled:
# dslab then makes a user namespace with each network namespace. Run as
# root, this test drops to nobody with setpriv; it runs a copy of the
# binaries and goldens that nobody can read. Exit 4 (skipped) where that
# is not possible.
. "$(dirname "$0")/common.sh"

if [ "$(id -u)" -ne 0 ]; then
  runner=()
elif command -v setpriv >/dev/null; then
  runner=(setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all --bounding-set=-all)
else
  echo "SKIP: setpriv (util-linux) not found"
  exit 4
fi
if [ "$(cat /proc/sys/user/max_user_namespaces 2>/dev/null || echo 0)" = 0 ]; then
  echo "SKIP: user namespaces are disabled (user.max_user_namespaces=0)"
  exit 4
fi

build_dir=$(dirname "$DSLAB")
mkdir -p "$WORK/build"
cp "$DSLAB" "$WORK/build/dslab"
cp -r "$build_dir/scenarios" "$WORK/build/scenarios"
[ -d "$build_dir/etc" ] && cp -r "$build_dir/etc" "$WORK/build/etc"
cp -r "$SOURCE_DIR/expected" "$WORK/expected"
chmod -R a+rX "$WORK"
mkdir -m 0777 "$WORK/actual"

"${runner[@]}" "$WORK/build/dslab" run --expected "$WORK/expected" --actual-dir "$WORK/actual" \
  >"$WORK/out" 2>&1
status=$?
cat "$WORK/out"
case $status in
  # Cases this kernel cannot run are skipped for root too ("this kernel
  # ..."; README: On your kernel); any other skip is a privilege problem.
  0) grep -q '^[0-9]* passed, 0 failed, [0-9]* skipped$' "$WORK/out" ||
       fail "summary: $(grep ' passed, ' "$WORK/out")"
     if grep '^SKIP ' "$WORK/out" | grep -v 'this kernel' | grep -q .; then
       fail "skipped as an ordinary user: $(grep '^SKIP ' "$WORK/out" | grep -v 'this kernel' | head -3)"
     fi ;;
  4) echo "SKIP: every case was skipped as an ordinary user (see the hints above)"; exit 4 ;;
  *) fail "dslab run as an ordinary user exited $status" ;;
esac
finish
