#!/usr/bin/env bash
# harness/kernels/bisect-run.sh: one step of `git bisect run` for a kernel
# behaviour dslab found: build the kernel (or take one built), boot it
# through dslab's VM path (vm.sh), run a reproducer from `dslab reproduce`
# inside, and answer as git bisect run expects.
#
#   bisect-run.sh [--tree DIR | --kernel-image PATH [--modules DIR] | --kernel SPEC]
#                 [--jobs N] [--build DSLAB_BUILD] [--timeout SECONDS] REPRODUCER.c
#
#   --tree DIR          a kernel source tree (the commit git bisect checked
#                       out): its .config (make defconfig if none) merged with
#                       harness/kselftest/config and harness/kernels/vm.config
#                       (scripts/kconfig/merge_config.sh), make olddefconfig,
#                       make bzImage, and where CONFIG_MODULES=y modules and
#                       modules_install into DIR's .dslab-modules; then
#                       booted as --kernel-image. An unchanged tree
#                       rebuilds in seconds, so a .config of your own
#                       (tinyconfig plus the fragments) is kept as it is.
#   --jobs N            make -jN for --tree (default: the CPUs, nproc);
#                       run the script under nice on a shared machine
#   --kernel-image PATH a kernel already built (a bzImage or vmlinuz), its
#                       modules in --modules DIR, as dslab kernels takes it
#   --kernel SPEC       a Debian kernel package, as dslab kernels --kernel
#                       (6.1, 6.12): to try the driver without a kernel tree
#   --build DIR         dslab's build directory (default: build/ in this tree)
#
# In a kernel tree:
#   git bisect start v6.1.192 v6.1.167
#   git bisect run /path/to/dualstack-lab/harness/kernels/bisect-run.sh \
#       --tree . /path/to/repro.c
#
# Exit (git bisect run's convention): 0 good (the reproducer exited 0: the
# kernel does what the reference does); 1 bad (it exited 1: the kernel
# differs); 125 skip this commit (the build failed, the kernel did not boot
# or gave no result, the reproducer could not run there: its exit 4);
# 128 stop the bisection (bad usage, the reproducer does not compile, no
# qemu, DSLAB_VM_ACCEL=kvm where KVM makes no progress: nothing a commit
# could change).
#
# The accelerator is vm.sh's choice (DSLAB_VM_ACCEL, default auto: KVM where
# it makes progress, else TCG). Each step is one boot; where KVM ran nothing
# the step says so in one line and boots under TCG. To keep later steps
# from trying KVM again, name a file that outlives them:
#   DSLAB_VM_ACCEL_STATE=/tmp/bisect-accel git bisect run ...
set -uo pipefail
say() { printf 'bisect-run.sh: %s\n' "$*" >&2; }
abort() { say "$*"; exit 128; }
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
tree= image= modules= spec= build="$source_dir/build" limit=300 repro= jobs=$(nproc)
while [ $# -gt 0 ]; do
	case $1 in
	--tree) tree=${2:-}; shift 2 ;;
	--kernel-image) image=${2:-}; shift 2 ;;
	--modules) modules=${2:-}; shift 2 ;;
	--kernel) spec=${2:-}; shift 2 ;;
	--build) build=${2:-}; shift 2 ;;
	--timeout) limit=${2:-}; shift 2 ;;
	--jobs) jobs=${2:-}; shift 2 ;;
	-h | --help) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	-*) abort "unknown option '$1' (see --help)" ;;
	*) [ -z "$repro" ] || abort "one REPRODUCER only"; repro=$1; shift ;;
	esac
done
[ -n "$repro" ] && [ -f "$repro" ] || abort "no REPRODUCER.c (dslab reproduce CASE --cell ROW COLUMN -o repro.c)"
kernels=0
for given in "$tree" "$image" "$spec"; do
	[ -z "$given" ] || kernels=$((kernels + 1))
done
[ $kernels -eq 1 ] || abort "name one kernel: --tree, --kernel-image or --kernel"
[ -x "$build/dslab" ] || abort "no dslab build in $build (cmake --preset default && cmake --build build)"
[[ $limit =~ ^[0-9]+$ ]] || abort "--timeout needs whole seconds"
[[ $jobs =~ ^[1-9][0-9]*$ ]] || abort "--jobs needs a number of jobs"

work=$(mktemp -d "${TMPDIR:-/tmp}/bisect-run.XXXXXX") || abort "cannot make a work directory"
trap 'rm -rf "$work"' EXIT
cc -O1 -o "$work/repro" "$repro" 2>"$work/cc.log" || abort "the reproducer does not compile: $(head -n 1 "$work/cc.log")"

# A kernel tree: configure with the fragments, build, install the modules
# (none where the configuration has no module support: tinyconfig).
build_tree() {
	local dir=$1
	[ -f "$dir/Makefile" ] && [ -d "$dir/arch/x86" ] || abort "$dir is not a kernel tree"
	: >"$work/build.log"
	[ -f "$dir/.config" ] || make -C "$dir" -s defconfig >>"$work/build.log" 2>&1 || return 1
	(cd "$dir" && scripts/kconfig/merge_config.sh -m .config "$source_dir/harness/kselftest/config" \
		"$source_dir/harness/kernels/vm.config") >>"$work/build.log" 2>&1 &&
		make -C "$dir" -s olddefconfig >>"$work/build.log" 2>&1 &&
		make -C "$dir" -s -j"$jobs" bzImage >>"$work/build.log" 2>&1 || return 1
	rm -rf "$dir/.dslab-modules"
	grep -qx 'CONFIG_MODULES=y' "$dir/.config" || return 0
	make -C "$dir" -s -j"$jobs" modules >>"$work/build.log" 2>&1 &&
		make -C "$dir" -s modules_install INSTALL_MOD_PATH="$dir/.dslab-modules" >>"$work/build.log" 2>&1
}
if [ -n "$tree" ]; then
	started=$(date +%s)
	if ! build_tree "$tree"; then
		say "the kernel did not build (skip): $(grep -v '^[[:space:]]*$' "$work/build.log" | tail -n 1)"
		exit 125
	fi
	say "built $tree in $(($(date +%s) - started)) s"
	image="$tree/arch/x86/boot/bzImage"
	modules=
	[ -d "$tree/.dslab-modules" ] && modules="$tree/.dslab-modules"
fi
if [ -n "$image" ]; then
	spec="image:$image"
	export DSLAB_VM_MODULES=$modules
	[ -z "$tree" ] || export DSLAB_VM_CONFIG="$tree/.config"
fi

DSLAB_VM_FILES="$work/repro" DSLAB_VM_EXEC=/dslab/extra/repro \
	"$source_dir/harness/kernels/vm.sh" run "$spec" "$build" "$work/vm" "$limit"
rc=$?
case $rc in
0) ;;
2) abort "vm.sh: unknown kernel or bad image (see above)" ;;
3 | 5) say "no result from the kernel (skip): $(head -n 1 "$work/vm/why")"; exit 125 ;;
6) abort "$(head -n 1 "$work/vm/why")" ;; # DSLAB_VM_ACCEL=kvm without a KVM that runs
4) if grep -q "cannot run the suite" "$work/vm/why" 2>/dev/null; then
	say "$(cat "$work/vm/why") (skip)"; exit 125
   fi
   abort "cannot boot anything here: $(cat "$work/vm/why" 2>/dev/null)" ;;
*) say "vm.sh exited $rc (skip)"; exit 125 ;;
esac
cat "$work/vm/ktap.txt"
status=$(sed -n 's/^status //p' "$work/vm/timing")
kernel=$(sed -n 's/^kernel //p' "$work/vm/timing")
case $status in
0) say "$kernel: good (as the reference)"; exit 0 ;;
1) say "$kernel: bad (differs from the reference)"; exit 1 ;;
4) say "$kernel: the reproducer cannot run there (skip)"; exit 125 ;;
*) say "$kernel: the reproducer exited ${status:-nothing} (skip)"; exit 125 ;;
esac
