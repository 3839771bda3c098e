#!/usr/bin/env bash
# harness/kselftest/run-in-vm.sh SPEC BUILD OUTDIR: the kselftest target run
# the way kernel CI runs one, with the kernel's own scripts, in a VM.
#
#  1. cmake --install BUILD --component kselftest into a kernel selftests
#     tree as tools/testing/selftests/dualstack;
#  2. that tree's own `make TARGETS=dualstack install` (lib.mk, rsync) makes
#     an installed kselftest directory: run_kselftest.sh, kselftest/runner.sh,
#     kselftest-list.txt, dualstack/;
#  3. harness/kernels/vm.sh boots kernel SPEC (6.1, 6.12, a package name) with
#     that directory packed as /dslab/extra/install and runs its
#     run_kselftest.sh instead of the suite.
# The runner's output (TAP with the suite's KTAP nested in it) is printed
# and left in OUTDIR/vm/ktap.txt. DSLAB_KSELFTEST_ENV='A=1 B=2': variables
# for the runner in the VM (e.g. DSLAB_ACCEPT_RECORDED=1,
# KSELFTEST_DUALSTACK_LAB_SH_ARGS=bind_matrix_tcp; no spaces in values);
# DSLAB_KSELFTEST_TIMEOUT=S replaces settings' timeout (e.g. to see the
# runner's "# TIMEOUT S seconds").
#
# The kernel tree: DSLAB_LINUX_SOURCE, a kernel source directory or a
# linux-source-X.Y.tar.xz (default: the newest /usr/src/linux-source-*.tar.xz,
# from Debian's linux-source-X.Y package); only the selftests' Makefiles and
# runner scripts are taken from it.
#
# Exit: 0 the runner ran (its own verdict is in the output: the outer
# "ok 1"/"not ok 1" line); 1 a step failed; 4 cannot run here (no kernel
# source, no rsync, no qemu, no kernel: the reason on stderr).
set -uo pipefail
spec=${1:?usage: run-in-vm.sh SPEC BUILD OUTDIR}
build=$(cd "${2:?usage: run-in-vm.sh SPEC BUILD OUTDIR}" && pwd) || exit 1
out=${3:?usage: run-in-vm.sh SPEC BUILD OUTDIR}
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
say() { printf 'run-in-vm.sh: %s\n' "$*" >&2; }

linux=${DSLAB_LINUX_SOURCE:-$(ls /usr/src/linux-source-*.tar.xz 2>/dev/null | sort -V | tail -n 1)}
[ -n "$linux" ] && [ -e "$linux" ] || { say "no kernel source (apt-get install linux-source-6.1, or DSLAB_LINUX_SOURCE=DIR)"; exit 4; }
command -v rsync >/dev/null || { say "rsync is not installed (kselftest's install uses it)"; exit 4; }
command -v make >/dev/null || { say "make is not installed"; exit 4; }

rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)
tree="$out/linux"
if [ -d "$linux" ]; then
	tree=$linux
else
	# Only what the selftests' install needs, from the tarball's top directory.
	top=$(tar -tJf "$linux" 2>/dev/null | head -n 1 | cut -d/ -f1)
	mkdir -p "$tree"
	tar -xJf "$linux" -C "$tree" --strip-components=1 "$top/tools/testing/selftests/Makefile" \
		"$top/tools/testing/selftests/lib.mk" "$top/tools/testing/selftests/run_kselftest.sh" \
		"$top/tools/testing/selftests/kselftest" "$top/scripts/subarch.include" ||
		{ say "cannot unpack the selftests' scripts from $linux"; exit 1; }
fi
target="$tree/tools/testing/selftests/dualstack"
rm -rf "$target"
cmake --install "$build" --component kselftest --prefix "$target" >"$out/install.log" 2>&1 ||
	{ say "cmake --install failed: $(tail -n 1 "$out/install.log")"; exit 1; }
make -s -C "$tree/tools/testing/selftests" TARGETS=dualstack install INSTALL_PATH="$out/install" \
	>>"$out/install.log" 2>&1 || { say "kselftest install failed: $(tail -n 1 "$out/install.log")"; exit 1; }
[ -d "$linux" ] && rm -rf "$target" # leave a given tree as it was
# DSLAB_KSELFTEST_TIMEOUT=S: the installed settings' timeout for this run
# (the runner's per-test limit; the VM's /usr/bin/timeout enforces it).
if [ -n "${DSLAB_KSELFTEST_TIMEOUT:-}" ]; then
	[[ $DSLAB_KSELFTEST_TIMEOUT =~ ^[0-9]+$ ]] || { say "DSLAB_KSELFTEST_TIMEOUT needs whole seconds"; exit 1; }
	sed -i "s/^timeout=.*/timeout=$DSLAB_KSELFTEST_TIMEOUT/" "$out/install/dualstack/settings"
fi

# The VM's init splits the command at '|': env(1) sets the variables.
command=/dslab/extra/install/run_kselftest.sh
[ -z "${DSLAB_KSELFTEST_ENV:-}" ] || command="/bin/env|${DSLAB_KSELFTEST_ENV// /|}|$command"
DSLAB_VM_FILES="$out/install" DSLAB_VM_EXEC=$command \
	"$source_dir/harness/kernels/vm.sh" run "$spec" "$build" "$out/vm" "${DSLAB_VM_TIMEOUT:-400}"
rc=$?
case $rc in
0) cat "$out/vm/ktap.txt" ;;
4) say "$(cat "$out/vm/why" 2>/dev/null)"; exit 4 ;;
*) say "vm.sh exited $rc: $(head -n 3 "$out/vm/why" 2>/dev/null)"; exit 1 ;;
esac
