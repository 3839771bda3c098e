#!/usr/bin/env bash
# The Debian package as a newcomer meets it, run by package_fresh.sh inside
# a brand-new minimal Debian 12 root (../shared/tools/fresh-machine.sh), as
# root, in /src: a clone of the commit under test.
#   1. the build packages, the build and cpack -G DEB; lintian on the .deb;
#      the build packages purged again (what a lab machine never had);
#   2. the packages the machine has of its own: the package's Recommends
#      (the runtime lessons' programs) and man-db;
#   3. apt-get install ./build/dslab_*.deb, which must pull its Depends;
#   4. as nobody in /tmp: dslab --version, list, help, explain, man -w,
#      run; as root in /tmp: dslab run (0 failed);
#   5. apt-get remove dslab: nothing of it left (the file system compared
#      with step 2's), then autoremove takes the Depends it pulled;
#   6. README's recipe for many machines: a local apt repository made with
#      dpkg-scanpackages, and apt-get install dslab from it.
# Exit 0 all passed, 1 a check failed, 4 where nobody cannot make user
# namespaces here (then its run's cases are skipped, checked as such, and
# the reason is the last line): everything else is still checked.
set -u
cd /src || exit 1
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
step() { echo "== $*"; }
export DEBIAN_FRONTEND=noninteractive

# The root shares the host's network: no service that a package installs
# (nginx on port 80, haproxy) may start.
printf '#!/bin/sh\n# package_inside.sh: no service starts\nexit 101\n' >/usr/sbin/policy-rc.d
chmod 755 /usr/sbin/policy-rc.d
trap 'rm -f /usr/sbin/policy-rc.d' EXIT
apt_get() { apt-get -y -qq -o Dpkg::Use-Pty=0 "$@" >/tmp/apt.log 2>&1 || { tail -20 /tmp/apt.log; return 1; }; }

step "1. build the package: cmake --preset default, cmake --build build, cpack -G DEB (in build/)"
start=$(date +%s)
build_packages=(build-essential cmake ninja-build pkgconf libcmocka-dev libcap-dev libmnl-dev
  default-jdk-headless golang-go lintian)
apt_get update && apt_get install --no-install-recommends "${build_packages[@]}" ||
  { fail "cannot install the build packages"; exit 1; }
echo "build packages installed in $(($(date +%s) - start)) s"
start=$(date +%s)
if ! { cmake --preset default >/tmp/build.log 2>&1 && cmake --build build >>/tmp/build.log 2>&1 &&
  (cd build && cpack -G DEB >>/tmp/build.log 2>&1); }; then
  tail -30 /tmp/build.log
  fail "the build or cpack failed"
  exit 1
fi
echo "built and packed in $(($(date +%s) - start)) s"
deb=$(ls build/dslab_*.deb)
ls -l "$deb"
dpkg-deb --field "$deb" Package Version Depends Recommends Installed-Size
# Every tag, even informational, pedantic and experimental ones, fails:
# the overrides the package ships say why each of the others does not
# apply. (lintian's --fail-on counts shown overrides too, so its output is
# read instead; the overrides shown prove that it ran.)
lintian --pedantic -I -E --show-overrides "$deb" >/tmp/lintian 2>/dev/null
grep -v '^N: ' /tmp/lintian
grep -q '^[EWIPX]: ' /tmp/lintian && fail "lintian: $(grep '^[EWIPX]: ' /tmp/lintian | head -5 | paste -sd' ' -)"
grep -q '^O: ' /tmp/lintian || fail "lintian showed not even the overridden tags: did it run?"
echo "lintian $(lintian --version | cut -d' ' -f2): $(grep -c '^O: ' /tmp/lintian) overridden tag(s), each explained; $(grep -c '^[EWIPX]: ' /tmp/lintian) other"
# README's recipe for many machines: a local apt repository (dpkg-scanpackages
# is dpkg-dev's, which build-essential brings), used in step 6.
mkdir -p /srv/dslab && cp "$deb" /srv/dslab/ &&
  (cd /srv/dslab && dpkg-scanpackages --multiversion . /dev/null >Packages 2>/dev/null) ||
  fail "cannot make the local apt repository"
version_expected="dslab (dualstack-lab) $(sed -n 's/^project(dualstack_lab VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt), commit $(git describe --always --dirty)"
apt_get purge --autoremove "${build_packages[@]}" || fail "cannot purge the build packages"
# On a machine without them, apt would pull the Depends (the Recommends,
# installed next, may bring some of them along).
apt-get -s install --no-install-recommends "./$deb" 2>/dev/null | sed -n 's/^Inst \([^ ]*\).*/\1/p' |
  sort >/tmp/would-pull
echo "apt-get install ./$deb here would pull: $(paste -sd' ' /tmp/would-pull)"
grep -qx libmnl0 /tmp/would-pull || fail "apt would not pull libmnl0 (Depends) onto a machine without it"

step "2. the machine's own packages: the Recommends and man-db"
mapfile -t recommends < <(dpkg-deb --field "$deb" Recommends | tr ',' '\n' | tr -d ' ')
apt_get install --no-install-recommends man-db "${recommends[@]}" || fail "cannot install ${recommends[*]}"
# The file system, less what apt and dpkg keep about themselves, logs and
# caches, /src (this test), and users' own files (a state directory).
snapshot() {
  find / -xdev \( -path /src -o -path /var/lib/dpkg -o -path /var/lib/apt -o -path /var/cache \
    -o -path /var/log -o -path /root/.local \) -prune -o -print | sort
}
snapshot >/tmp/before
dpkg-query -W -f='${Package}\n' | sort >/tmp/packages-before

step "3. apt-get install ./$deb"
apt_get install "./$deb" || fail "apt-get install ./$deb failed"
dpkg-query -W -f='${Package}\n' | sort >/tmp/packages-after
pulled=$(comm -13 /tmp/packages-before /tmp/packages-after | grep -vx dslab | paste -sd' ' -)
echo "installed dslab and, for its Depends: ${pulled:-nothing more (the machine had them: see above)}"
command -v dslab >/dev/null || fail "dslab is not on PATH"
# Depends is complete: every library an installed program loads is found,
# and its package is one Depends names.
depends=$(dpkg-query -W -f='${Depends}' dslab | sed 's/ *([^)]*)//g; s/, */ /g')
for program in $(dpkg -L dslab | grep -E '^/usr/(bin|libexec)/' | sort); do
  [ -f "$program" ] && head -c 4 "$program" | grep -q 'ELF' || continue
  ldd "$program" 2>/dev/null | grep -q 'not found' && fail "$program: a library is not found: $(ldd "$program" | grep 'not found')"
  for library in $(ldd "$program" 2>/dev/null | grep -o '/[^ ]*\.so[^ ]*'); do
    # dpkg knows a file by the path its package ships (/lib or /usr/lib).
    owner=$({ dpkg -S "$library" || dpkg -S "$(readlink -f "$library")"; } 2>/dev/null | cut -d: -f1 | head -1)
    [ -n "$owner" ] || { fail "$program loads $library, which no package owns"; continue; }
    printf '%s\n' $depends | grep -qx "$owner" ||
      fail "$program loads $library of $owner, which Depends ($depends) does not name"
  done
done
echo "Depends: $depends; every library the installed programs load comes from one of them"

step "4. as nobody in /tmp: dslab --version, list, help, explain, man -w, run"
cd /tmp
as_nobody() {
  env -i PATH=/usr/bin:/bin HOME=/nonexistent LANG=C.UTF-8 \
    setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all "$@"
}
out=$(as_nobody dslab --version) || fail "dslab --version as nobody"
echo "$out"
[ "$out" = "$version_expected" ] || fail "--version says '$out', expected '$version_expected'"
as_nobody dslab list >/tmp/list || fail "dslab list as nobody"
echo "dslab list: $(wc -l </tmp/list) cases"
grep -qx 'seed_v4v6/bindv6only=0' /tmp/list || fail "dslab list lacks seed_v4v6/bindv6only=0"
as_nobody dslab help | tail -7
as_nobody dslab help | grep -q 'lesson programs     /usr/libexec/dslab' || fail "dslab help names no /usr/libexec/dslab"
as_nobody dslab explain seed_v4v6/bindv6only=0 >/tmp/explain || fail "dslab explain as nobody"
head -3 /tmp/explain
grep -q '^Lesson: ' /tmp/explain || fail "dslab explain: no lesson header"
out=$(as_nobody man -w dslab) || fail "man -w dslab"
echo "man -w dslab: $out"
[ "$out" = /usr/share/man/man1/dslab.1.gz ] || fail "man -w dslab: '$out'"
bash -c '. /usr/share/bash-completion/completions/dslab && complete -p dslab' >/dev/null ||
  fail "the bash completion does not load"

skip_reason=
if as_nobody unshare -U -n true 2>/dev/null; then
  as_nobody dslab run --jobs 2 >/tmp/run 2>&1
  status=$?
  tail -3 /tmp/run
  [ $status -eq 0 ] && grep -q '^[0-9]* passed, 0 failed, [0-9]* skipped$' /tmp/run ||
    fail "dslab run as nobody exited $status"
  grep '^SKIP ' /tmp/run | grep -v 'this kernel' | grep -q . && fail "skipped as nobody: $(grep '^SKIP ' /tmp/run | head -2)"
else
  # The kernel refuses CLONE_NEWUSER to a process whose root is not its
  # mount namespace's root (a chroot, as fresh-machine.sh's root is;
  # create_user_ns: current_chrooted()), to root too. Then every case is
  # skipped with the hint, and nothing fails.
  why=$(as_nobody unshare -U -n true 2>&1)
  skip_reason="nobody cannot make a user namespace in this root ($why: the kernel refuses user namespaces inside a chroot), so its dslab run skips every case; as nobody on a real machine see install/tree"
  as_nobody dslab run --jobs 2 >/tmp/run 2>&1
  status=$?
  tail -2 /tmp/run
  [ $status -eq 4 ] && grep -q '^0 passed, 0 failed, [0-9]* skipped$' /tmp/run ||
    fail "dslab run as nobody without user namespaces exited $status, expected 4 (all skipped)"
  grep -q 'user namespace\|network namespace' /tmp/run || fail "the skips give no hint"
fi
echo "nobody's state directory: $(ls -d /tmp/dslab-* 2>/dev/null)"

step "4b. as root in /tmp: dslab run"
dslab run --jobs 2 >/tmp/run-root 2>&1
status=$?
grep -v '^PASS' /tmp/run-root
[ $status -eq 0 ] && grep -q '^[0-9]* passed, 0 failed, [0-9]* skipped$' /tmp/run-root ||
  fail "dslab run as root exited $status"
grep '^SKIP ' /tmp/run-root | grep -v 'this kernel' | grep -q . && fail "cases skipped as root"

step "5. apt-get remove dslab: nothing of it left"
cd /src
apt_get remove dslab || fail "apt-get remove dslab failed"
dpkg-query -W -f='${Status}\n' dslab 2>/dev/null | grep -q 'installed' &&
  fail "dslab is still known to dpkg: $(dpkg-query -W -f='${Status}' dslab)"
snapshot >/tmp/after
# What apt pulled for the Depends stays until autoremove, as for any package.
for package in $pulled; do dpkg -L "$package"; done 2>/dev/null | sort -u >/tmp/depends-files
comm -13 /tmp/before /tmp/after | comm -23 - /tmp/depends-files >/tmp/left
comm -23 /tmp/before /tmp/after >/tmp/gone
[ -s /tmp/left ] && fail "left behind after apt-get remove: $(head -10 /tmp/left | paste -sd' ' -)"
[ -s /tmp/gone ] && fail "gone after apt-get remove: $(head -10 /tmp/gone | paste -sd' ' -)"
apt_get autoremove || fail "apt-get autoremove failed"
snapshot >/tmp/after-autoremove
if cmp -s /tmp/before /tmp/after-autoremove; then
  echo "after apt-get remove dslab: nothing of it is left; after autoremove ($pulled): the file system as before"
else
  fail "after autoremove the file system differs: $(diff /tmp/before /tmp/after-autoremove | head -10 | paste -sd' ' -)"
fi
ls /usr/libexec/dslab /usr/share/dslab /usr/share/doc/dslab /usr/bin/dslab 2>&1 | sed 's/^/  /'
echo "users' own files, which apt never touches: root's $(ls -d /root/.local/state/dslab 2>/dev/null), nobody's $(ls -d /tmp/dslab-* 2>/dev/null)"

step "6. README's recipe for many machines: the local apt repository"
echo 'deb [trusted=yes] file:/srv/dslab ./' >/etc/apt/sources.list.d/dslab.list
if apt_get update && apt_get install dslab; then
  echo "from the repository: $(dslab --version)"
  [ "$(dslab --version)" = "$version_expected" ] || fail "the repository's dslab says $(dslab --version)"
  apt_get remove --autoremove dslab || fail "apt-get remove --autoremove dslab (repository) failed"
else
  fail "apt-get install dslab from the local repository failed"
fi
rm -f /etc/apt/sources.list.d/dslab.list

if [ $failures -gt 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
if [ -n "$skip_reason" ]; then
  echo "all other checks passed; SKIP: $skip_reason"
  exit 4
fi
echo "all checks passed"
