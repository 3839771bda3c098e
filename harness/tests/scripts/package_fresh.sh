#!/usr/bin/env bash
# The Debian package on a brand-new Debian 12 root: package_inside.sh run by
# ../shared/tools/fresh-machine.sh (or $DSLAB_FRESH_MACHINE) in a fresh clone
# of this repository's committed HEAD: build, cpack, lintian, apt-get install
# ./dslab_*.deb, dslab as nobody and root from /tmp, apt-get remove leaving
# nothing. Exit 4 (skipped), with the reason, where it cannot run: not root,
# no fresh-machine tool, no mmdebstrap; or where nobody cannot make user
# namespaces in that root (package_inside.sh says why). Arguments: DSLAB
# SOURCE_DIR. Uncommitted changes are not in the clone: commit first.
. "$(dirname "$0")/common.sh"

fresh=${DSLAB_FRESH_MACHINE:-$SOURCE_DIR/../shared/tools/fresh-machine.sh}
if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP: needs root (fresh-machine.sh builds and enters a Debian root)"
  exit 4
fi
if [ ! -f "$fresh" ]; then
  echo "SKIP: no fresh-machine tool at $fresh (set DSLAB_FRESH_MACHINE)"
  exit 4
fi
if ! command -v mmdebstrap >/dev/null && ! ls /tmp/fresh-bookworm.tar.zst >/dev/null 2>&1 &&
  ! apt-get install -y -qq mmdebstrap >/dev/null 2>&1; then
  echo "SKIP: no mmdebstrap to build the fresh root (apt-get install mmdebstrap)"
  exit 4
fi
head=$(git -C "$SOURCE_DIR" rev-parse --short HEAD 2>/dev/null) || {
  echo "SKIP: $SOURCE_DIR is no git repository (fresh-machine.sh clones one)"
  exit 4
}
[ -n "$(git -C "$SOURCE_DIR" status --porcelain --untracked-files=no 2>/dev/null)" ] &&
  echo "note: uncommitted changes are not tested; the fresh root has commit $head"
echo "fresh root with commit $head"
start=$(date +%s)
bash "$fresh" "$SOURCE_DIR" bash harness/tests/scripts/package_inside.sh
status=$?
echo "package_fresh.sh: $(($(date +%s) - start)) s in the fresh root, exit $status"
exit $status
