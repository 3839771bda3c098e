#!/usr/bin/env bash
# harness/kernels/vm.sh: the shell half of `dslab kernels` (the C half,
# harness/runner/kernels/kernels.c, compares and reports). Shell because every step
# here is another program (apt-get, dpkg-deb, cpio, qemu, timeout) and its
# exit status; nothing here parses a transcript.
#
#   vm.sh resolve SPEC [BUILD]     the package name for SPEC (a series: 5.10,
#                                  6.1, 6.12, 7.2; a suite: bullseye,
#                                  bookworm, trixie, sid; or a linux-image-*
#                                  name; see resolve below); exit 2 with one
#                                  line naming what apt offers if there is
#                                  none, 4 if the archive cannot be read.
#                                  BUILD (default: the tree's build/) keeps
#                                  the private archive index (archive.sh).
#                                  SPEC image:PATH is a kernel image built
#                                  elsewhere (a bzImage, any vmlinuz), its
#                                  modules in DSLAB_VM_MODULES (a make
#                                  modules_install tree, or its
#                                  lib/modules/RELEASE): resolve prints
#                                  linux-image-RELEASE, or exits 2 with one
#                                  line (not a kernel image; modules of
#                                  another release)
#   vm.sh run SPEC BUILD OUTDIR TIMEOUT
#                                  (DSLAB_VM_ARGS=a,b: only these dslab run
#                                  arguments, '|'-separated, e.g. patterns;
#                                  DSLAB_VM_EXEC='/dslab/bind_pair|-o|bbll|...':
#                                  run that command instead, its output in
#                                  OUTDIR/ktap.txt and its exit status as
#                                  "status N" in OUTDIR/timing: a check by
#                                  hand; DSLAB_VM_FILES=PATH[:PATH...]: host
#                                  files or directories to pack as
#                                  /dslab/extra/<name> for it, e.g. a
#                                  reproducer or a kselftest directory)
#                                  fetch the kernel, pack BUILD's dslab into an
#                                  initramfs, boot it once, split the results
#                                  into OUTDIR (ktap.txt, actual/, console.log,
#                                  timing); exit status below
#
# Exit status of run: 0 results in OUTDIR; 2 unknown SPEC, or a bad
# DSLAB_VM_ACCEL or DSLAB_VM_KVM_DEADLINE; 3 the VM gave no result (panic or
# timeout; OUTDIR/why says which, with the last console lines); 4 skipped
# (no qemu, no archive; OUTDIR/why says why); 5 corrupt download (the cache
# entry is removed); 6 DSLAB_VM_ACCEL=kvm and KVM cannot be used or made no
# progress (OUTDIR/why says which).
#
# OUTDIR/timing: "accel kvm|tcg|none" (none: nothing booted), "accel_note
# ..." where KVM was given up or not tried, "wall S", then from the guest
# "boot S", "kernel RELEASE", "suite_end S", "status N".
#
# Nothing is installed on the host: the kernel package is only downloaded
# (apt-get download) into BUILD/kernels/cache and unpacked with dpkg-deb -x.
set -uo pipefail

say() { printf '%s\n' "$*" >&2; }

# DSLAB_VM_CPUS: virtual CPUs (default: the host's CPUs, at most 2). TCG runs
# each virtual CPU in a host thread, and the suite inside runs as many cases
# at once as it sees CPUs: on this 2-core machine 2 took the suite inside
# from 14.2-17.5 s to 10.3-10.9 s. The kernels boot one after another, so
# nothing else competes for those cores.
# DSLAB_VM_APPEND: more kernel parameters (e.g. mitigations=off; it made no
# measurable difference under TCG here).
# DSLAB_VM_EXPECTED: the goldens to pack (default SOURCE/expected; dslab
# kernels --expected DIR sets it).
# For the tests of faults: another qemu (DSLAB_QEMU=/nonexistent: none),
# another init (DSLAB_VM_INIT=/nonexistent: the kernel panics), another
# download cache (DSLAB_KERNEL_CACHE, default BUILD/kernels/cache).
QEMU=${DSLAB_QEMU:-qemu-system-x86_64}
cpus=${DSLAB_VM_CPUS:-$(($(nproc) < 2 ? $(nproc) : 2))}

# Modules the lessons need, in load order (inet_diag before its users).
VM_MODULES="inet_diag tcp_diag udp_diag veth"

# The cloud flavour: few modules needed (IPv6, virtio, serial, devtmpfs and
# veth are built in), and it is the smallest image.
#
# SPEC: a series (5.10, 6.1, 6.12, 7.2: the newest linux-image-SERIES.*
# -cloud-amd64), a suite (bullseye, bookworm, trixie, sid: the cloud kernel
# it installs, its security suite's where newer), a package name, or
# image:PATH. What the host's apt knows is taken from there (as before the
# private archive existed: bookworm's 6.1 and 6.12 need no index); the rest
# from the private archive index (archive.sh) in ARCHIVE_DIR.
resolve() {
	local spec=$1 name=
	case "$spec" in
	image:*)
		local release
		if ! release=$(image_release "${spec#image:}"); then
			say "dslab: ${spec#image:} is not a kernel image (no x86 boot header: a bzImage or vmlinuz)"
			return 2
		fi
		modules_for "$release" >/dev/null || return 2
		echo "linux-image-$release"
		return 0
		;;
	linux-image-*)
		if apt-cache show "$spec" >/dev/null 2>&1; then
			echo "$spec"
			return 0
		fi
		archive_update "$ARCHIVE_DIR" || return 4
		if archive_knows "$spec"; then
			echo "$spec"
			return 0
		fi
		;;
	[0-9]*.[0-9]*)
		if [[ $spec =~ ^[0-9]+\.[0-9]+$ ]]; then
			local pattern="^linux-image-${spec//./\\.}\\.[0-9][^ ]*-cloud-amd64\$"
			name=$(apt-cache pkgnames linux-image- 2>/dev/null | grep -E "$pattern" | sort -V | tail -n 1)
			if [ -z "$name" ]; then
				archive_update "$ARCHIVE_DIR" || return 4
				name=$(archive_series_package "$spec")
			fi
		fi
		;;
	*)
		if [[ " $ARCHIVE_SUITES " == *" $spec "* ]]; then
			archive_update "$ARCHIVE_DIR" || return 4
			name=$(archive_suite_package "$spec")
			[ -n "$name" ] || { say "dslab: the archive serves no cloud kernel for $spec (see $ARCHIVE_DIR/update.log)"; return 4; }
		fi
		;;
	esac
	if [ -n "$name" ]; then
		echo "$name"
		return 0
	fi
	local offered
	offered=$(apt-cache pkgnames linux-image- 2>/dev/null | grep -E '^linux-image-[0-9][^ ]*-cloud-amd64$' |
		sed -E 's/^linux-image-([0-9]+\.[0-9]+).*/\1/' | sort -uV | tr '\n' ' ')
	if archive_update "$ARCHIVE_DIR" 2>/dev/null; then
		offered=$(printf '%s %s' "$offered" "$(archive_offered)" | tr ' ' '\n' | grep . | sort -uV | tr '\n' ' ')
	fi
	say "dslab: unknown kernel '$spec'; apt offers: ${offered:-nothing (run apt-get update)}(or ${ARCHIVE_SUITES// /, }, or a linux-image-*-cloud-amd64 package name)"
	return 2
}

# DIR/modules.cpio.gz: the modules of VM_MODULES found under FROM (none if
# FROM is empty), decompressed, numbered in load order, at /modules in the
# guest; init.sh loads them. DIR/modules is the staging tree.
pack_modules() {
	local from=$1 dir=$2 module file n=0
	mkdir -p "$dir/modules/modules"
	for module in $VM_MODULES; do
		[ -n "$from" ] || break
		file=$(find "$from" -name "$module.ko" -o -name "$module.ko.xz" -o -name "$module.ko.zst" \
			-o -name "$module.ko.gz" | head -n 1)
		[ -n "$file" ] || continue
		n=$((n + 1))
		case "$file" in
		*.xz) xz -dc "$file" >"$dir/modules/modules/$n-$module.ko" ;;
		*.zst) zstd -qdc "$file" >"$dir/modules/modules/$n-$module.ko" ;;
		*.gz) gzip -dc "$file" >"$dir/modules/modules/$n-$module.ko" ;;
		*) cp "$file" "$dir/modules/modules/$n-$module.ko" ;;
		esac
	done
	(cd "$dir/modules" && find . -print0 | cpio --null -o -H newc --owner=0:0 --quiet) | gzip -1 >"$dir/modules.cpio.gz"
}

# BUILD/kernels/cache/PKG/vmlinuz, downloaded and unpacked once.
fetch_kernel() {
	local package=$1 cache=$2 out=$3
	local dir="$cache/$package"
	if [ -s "$dir/vmlinuz" ]; then
		echo "$dir/vmlinuz"
		return 0
	fi
	# A .deb already there (a download not yet unpacked) is used as it is:
	# dpkg-deb checks it.
	if ! ls "$dir"/*.deb >/dev/null 2>&1; then
		rm -rf "$dir"
		mkdir -p "$dir"
	fi
	# From the host's sources where they have it, else the private archive.
	local -a options=()
	if ! apt-cache show "$package" >/dev/null 2>&1 && archive_update "$ARCHIVE_DIR" 2>"$out/archive.log"; then
		options=("${ARCHIVE_OPTS[@]}")
	fi
	# Since Debian's 6.16 packaging (sid's 7.2), linux-image-* holds only
	# dependencies: the image is in linux-binary-* and the modules in
	# linux-modules-* of the same version. Those come along where named.
	local -a packages=("$package") parts
	mapfile -t parts < <(apt-cache "${options[@]}" show "$package" 2>/dev/null |
		sed -n '/^Depends:/{s/,/\n/g;p;q}' | grep -oE 'linux-(binary|modules)-[^ ]+' | sort -u)
	packages+=("${parts[@]}")
	if ! ls "$dir"/*.deb >/dev/null 2>&1 &&
		! (cd "$dir" && apt-get "${options[@]}" download "${packages[@]}" >"$out/apt-get.log" 2>&1); then
		rm -rf "$dir"
		echo "cannot download $package: $(grep -E '^(E|Err):' "$out/apt-get.log" | head -n 1)" >"$out/why"
		return 4
	fi
	local deb
	for deb in "$dir"/*.deb; do
		if ! dpkg-deb -x "$deb" "$dir/root" 2>"$out/dpkg-deb.log"; then
			rm -rf "$dir"
			echo "corrupt download of $package: dpkg-deb: $(head -n 1 "$out/dpkg-deb.log"); cache entry removed" >"$out/why"
			return 5
		fi
	done
	local image
	# /boot/vmlinuz-RELEASE, or /usr/lib/modules/RELEASE/vmlinuz (linux-binary-*)
	image=$(ls "$dir"/root/boot/vmlinuz-* "$dir"/root/usr/lib/modules/*/vmlinuz 2>/dev/null | head -n 1)
	if [ -z "$image" ]; then
		rm -rf "$dir"
		echo "corrupt download of $package: no /boot/vmlinuz-* or /usr/lib/modules/*/vmlinuz inside; cache entry removed" >"$out/why"
		return 5
	fi
	# sock_diag for TCP and UDP and veth are modules in Debian's kernels
	# (CONFIG_INET_DIAG=m, CONFIG_VETH=m): pack those four, decompressed,
	# in load order, as a second cpio that vm.sh appends to the initramfs.
	pack_modules "$(ls -d "$dir"/root/lib/modules "$dir"/root/usr/lib/modules 2>/dev/null | head -n 1)" "$dir"
	mv "$image" "$dir/vmlinuz"
	rm -rf "$dir/root" "$dir/modules" "$dir"/*.deb # keep only what boots: 10 MB, not 30
	echo "$dir/vmlinuz"
}

# The libraries ldd names for a dynamically linked program, into ROOT.
copy_libraries() {
	local program=$1 root=$2 lib
	for lib in $(ldd "$program" 2>/dev/null | grep -oE '/[^ ]+'); do
		[ -e "$root$lib" ] || install -D -m 0755 "$(readlink -f "$lib")" "$root$lib"
	done
}

# A kernel image's release, from its x86 boot header (the kernel's
# Documentation/arch/x86/boot.rst): "HdrS" at 0x202, and at 0x20e the
# offset, less 0x200, of the version string ("6.1.0-57-cloud-amd64 (...)").
image_release() {
	local image=$1 offset
	[ -f "$image" ] && [ "$(dd if="$image" bs=1 skip=514 count=4 2>/dev/null)" = HdrS ] || return 1
	offset=$(od -An -tu2 -j 526 -N 2 "$image" | tr -d ' ')
	[ "${offset:-0}" -gt 0 ] || return 1
	dd if="$image" bs=1 skip=$((offset + 512)) count=200 2>/dev/null | tr '\0' '\n' | head -n 1 | cut -d' ' -f1
}

# DSLAB_VM_MODULES for RELEASE: DIR/lib/modules/RELEASE, DIR/RELEASE or DIR
# itself when it is named RELEASE. Empty output if none is given; exit 2
# with one line if the directory holds another release's modules.
modules_for() {
	local release=$1 dir=${DSLAB_VM_MODULES:-} candidate
	[ -n "$dir" ] || return 0
	[ -d "$dir" ] || { say "dslab: --modules $dir: no such directory"; return 2; }
	for candidate in "$dir/lib/modules/$release" "$dir/$release" "$dir"; do
		if [ "$(basename "$candidate")" = "$release" ] && [ -d "$candidate" ]; then
			echo "$candidate"
			return 0
		fi
	done
	local other
	other=$(ls "$dir/lib/modules" 2>/dev/null | head -n 1)
	[ -n "$other" ] || other=$(basename "$dir")
	say "dslab: --modules $dir holds modules for $other, not for the image's release $release"
	return 2
}

# The image's .config: DSLAB_VM_CONFIG, or beside the image (.config; a
# kernel tree's arch/x86/boot/bzImage; Debian's config-RELEASE in /boot),
# or in the modules tree's boot/. Empty if none.
find_config() {
	local image=$1 release=$2 modules=$3 dir candidate
	dir=$(dirname "$image")
	for candidate in "${DSLAB_VM_CONFIG:-}" "$dir/.config" "$dir/../../../.config" "$dir/config-$release" \
		"${modules:+$modules/../../../boot/config-$release}" "${modules:+$modules/build/.config}"; do
		[ -n "$candidate" ] && [ -f "$candidate" ] && { readlink -f "$candidate"; return 0; }
	done
	return 0
}

# Which module provides an option the VM loads (VM_MODULES' names).
module_of() {
	case $1 in
	CONFIG_INET_DIAG) echo inet_diag ;;
	CONFIG_INET_TCP_DIAG) echo tcp_diag ;;
	CONFIG_INET_UDP_DIAG) echo udp_diag ;;
	CONFIG_VETH) echo veth ;;
	esac
}

# The options the suite (harness/kselftest/config) and the VM
# (harness/kernels/vm.config) need, against CONFIG: the missing ones on one
# line, or nothing. An option built as a module counts where the VM loads
# that module and MODULES has it. Without a .config only the modules can be
# checked; OUT/config-check says which it was.
check_config() {
	local config=$1 modules=$2 out=$3 source=$4 option value module missing=""
	if [ -z "$config" ]; then
		echo "no .config beside the image: checked nothing before booting; the guest checks /proc/config.gz if it has one" >"$out/config-check"
		return 0
	fi
	while IFS='=' read -r option _; do
		[[ $option == CONFIG_* ]] || continue
		value=$(sed -n "s/^$option=//p" "$config")
		module=$(module_of "$option")
		case $value in
		y) continue ;;
		m) [ -n "$module" ] && [ -n "$modules" ] && [ -n "$(find "$modules" -name "$module.ko*" | head -n 1)" ] && continue
		   missing="$missing $option=m${module:+ (no $module.ko in --modules)}" ;;
		*) missing="$missing $option" ;;
		esac
	done < <(needed_options "$source")
	echo "checked $config:${missing:- nothing missing}" >"$out/config-check"
	[ -z "$missing" ] || echo "missing${missing//,/}"
}

# The options to check: both fragments, or DSLAB_VM_FRAGMENTS (files,
# ':'-separated: to check against another list, e.g. in a test).
needed_options() {
	local source=$1 fragment
	local -a fragments
	IFS=: read -r -a fragments <<<"${DSLAB_VM_FRAGMENTS:-$source/harness/kselftest/config:$source/harness/kernels/vm.config}"
	for fragment in "${fragments[@]}"; do
		[ -n "$fragment" ] && cat "$fragment"
	done
}

# Without a .config on the host, the guest checks its own /proc/config.gz
# (CONFIG_IKCONFIG_PROC) before anything runs: DIR/dslab/config-needed
# lists "CONFIG_X module" (module empty unless the VM loads it), init.sh
# reads it and answers with a CONFIG-CHECK line (split_results).
write_config_needed() {
	local source=$1 dir=$2 option
	mkdir -p "$dir/dslab"
	needed_options "$source" | while IFS='=' read -r option _; do
		[[ $option == CONFIG_* ]] && echo "$option $(module_of "$option")"
	done >"$dir/dslab/config-needed"
}

# image:PATH: its modules' cpio, from DSLAB_VM_MODULES, built in OUTDIR
# each run; the image itself boots where it is.
prepare_image() {
	local image=$1 out=$2 source=$3 release modules config missing
	release=$(image_release "$image") || { echo "$image is not a kernel image" >"$out/why"; return 2; }
	modules=$(modules_for "$release") || return 2
	config=$(find_config "$image" "$release" "$modules")
	missing=$(check_config "$config" "$modules" "$out" "$source")
	if [ -n "$missing" ]; then
		echo "kernel $release cannot run the suite: $missing (from $config)" >"$out/why"
		return 4
	fi
	local dir="$out/image"
	rm -rf "$dir"
	mkdir -p "$dir"
	[ -n "$config" ] || write_config_needed "$source" "$dir/modules"
	pack_modules "$modules" "$dir"
	rm -rf "$dir/modules"
	echo "$dir/modules.cpio.gz" # (OUTDIR/image: removed with OUTDIR's next run)
}

# Copy a dynamically linked program and its libraries into ROOT.
copy_with_libraries() {
	local program=$1 root=$2 target=$3
	install -D -m 0755 "$program" "$root$target"
	copy_libraries "$program" "$root"
}

# DSLAB_VM_FILES: each file or directory as /dslab/extra/<name>, with the
# libraries of every executable among them (glibc's, as the suite's).
add_extra_files() {
	local root=$1 path program
	local -a paths
	IFS=: read -r -a paths <<<"${DSLAB_VM_FILES:-}"
	for path in "${paths[@]}"; do
		[ -n "$path" ] || continue
		[ -e "$path" ] || { echo "DSLAB_VM_FILES: no such file: $path"; return 4; }
		mkdir -p "$root/dslab/extra"
		cp -a "$path" "$root/dslab/extra/" || { echo "DSLAB_VM_FILES: cannot copy $path"; return 4; }
	done
	[ -d "$root/dslab/extra" ] || return 0
	while IFS= read -r -d '' program; do
		copy_libraries "$program" "$root"
	done < <(find "$root/dslab/extra" -type f -perm -u+x -print0)
}

# The initramfs: BUILD's dslab and scenarios with their libraries, the
# goldens, busybox, init, and DSLAB_VM_FILES.
make_initramfs() {
	local build=$1 source=$2 image=$3
	local busybox
	busybox=$(command -v busybox) || { echo "busybox is not installed (apt-get install busybox-static)"; return 4; }
	if ldd "$busybox" >/dev/null 2>&1; then
		echo "$busybox is not static (apt-get install busybox-static)"
		return 4
	fi
	local root
	root=$(mktemp -d "${image}.root.XXXXXX")
	mkdir -p "$root"/{bin,dev,proc,sys,tmp,etc,dslab/scenarios}
	install -m 0755 "$busybox" "$root/bin/busybox"
	copy_with_libraries "$build/dslab" "$root" /dslab/dslab
	local s
	for s in "$build"/scenarios/*; do
		[ -f "$s" ] || continue # (scenarios/java: the Java lessons' classes, not for the VM)
		copy_with_libraries "$s" "$root" "/dslab/scenarios/$(basename "$s")"
	done
	[ -x "$build/kernels/bind_pair" ] && copy_with_libraries "$build/kernels/bind_pair" "$root" /dslab/bind_pair
	if ! add_extra_files "$root"; then
		rm -rf "$root"
		return 4
	fi
	cp -r "${DSLAB_VM_EXPECTED:-$source/expected}" "$root/dslab/expected"
	# The hermetic-etc lessons bind-mount over these: they must exist.
	: >"$root/etc/hosts"; : >"$root/etc/nsswitch.conf"; : >"$root/etc/host.conf"; : >"$root/etc/gai.conf"
	echo 'root:x:0:0:root:/:/bin/sh' >"$root/etc/passwd"
	install -m 0755 "$source/harness/kernels/init.sh" "$root/init"
	# kselftest's runner limits each test with /usr/bin/timeout if it is
	# there: busybox's applet cannot serve (harness/kernels/timeout.sh).
	install -D -m 0755 "$source/harness/kernels/timeout.sh" "$root/usr/bin/timeout"
	(cd "$root" && find . -print0 | cpio --null -o -H newc --owner=0:0 --quiet) | gzip -1 >"$image.tmp" &&
		mv "$image.tmp" "$image"
	local rc=$?
	rm -rf "$root"
	return $rc
}

# The accelerator (DSLAB_VM_ACCEL): auto, the default, boots under KVM
# where $DSLAB_KVM_DEVICE (default /dev/kvm) can be opened and the guest
# makes progress, else under TCG, qemu's software emulation; kvm boots under
# KVM or fails the boot (exit 6) with the reason; tcg never tries KVM.
#
# Progress, not exit, decides: a /dev/kvm can open and then run nothing
# (no output, no error, no exit, for as long as it is left: seen on this
# project's machines) or abort at once (nested virtualisation: qemu dies
# setting an MSR). The first guest code to run is the firmware, and
# SeaBIOS writes its banner to the debug port 0x402 at once, which qemu
# writes to OUTDIR/firmware.log. Measured under TCG on a 2-core machine:
# the first firmware byte 0.15-0.16 s after qemu starts idle, 0.54-0.66 s
# with six busy loops beside it (the kernel's first line, with loglevel=4,
# comes only when init runs: 2.6-3.1 s idle, 10.5-11.7 s loaded, too late
# to judge by). KVM_DEADLINE, 10 s, is 15 times the loaded figure: a KVM
# boot that has written nothing to the firmware port, the console or the
# results port by then is ended and the boot goes on under TCG. A firmware
# that runs and a kernel that then never reaches init under KVM is caught
# by KVM_INIT_DEADLINE (a Debian kernel reaches init in about a second
# under KVM; TCG takes 11.7 s at the worst seen). DSLAB_VM_KVM_DEADLINE
# sets the first, for a machine slower than any measured here.
#
# Decided once per run: DSLAB_VM_ACCEL_STATE names a file (dslab kernels
# makes one per run) where the first boot whose KVM made no progress writes
# why; every later boot that reads it uses TCG without trying KVM again.
KVM_DEVICE=${DSLAB_KVM_DEVICE:-/dev/kvm}
KVM_DEADLINE=${DSLAB_VM_KVM_DEADLINE:-10}
KVM_INIT_DEADLINE=60
ACCEL_STATE=${DSLAB_VM_ACCEL_STATE:-}

# A setting that is none of the known ones: one line, exit 2.
check_accel_settings() {
	case ${DSLAB_VM_ACCEL:-auto} in
	auto | kvm | tcg) ;;
	*) say "dslab: DSLAB_VM_ACCEL=${DSLAB_VM_ACCEL}: use kvm, tcg or auto"; return 2 ;;
	esac
	[[ $KVM_DEADLINE =~ ^[1-9][0-9]*$ ]] ||
		{ say "dslab: DSLAB_VM_KVM_DEADLINE=$KVM_DEADLINE: needs whole seconds (at least 1)"; return 2; }
}

# ACCELS: the accelerators to try, in order. ACCEL_NOTE: why TCG where KVM
# would have been tried but is not (a decision earlier in this run).
ACCEL_NOTE=
choose_accelerators() {
	case ${DSLAB_VM_ACCEL:-auto} in
	tcg) ACCELS=tcg ;;
	kvm) ACCELS=kvm ;;
	*)
		if [ -n "$ACCEL_STATE" ] && [ -s "$ACCEL_STATE" ]; then
			ACCEL_NOTE="KVM not tried: earlier in this run, $(head -n 1 "$ACCEL_STATE")"
			ACCELS=tcg
		elif [ -r "$KVM_DEVICE" ] && [ -w "$KVM_DEVICE" ]; then
			ACCELS="kvm tcg"
		else
			ACCELS=tcg
		fi
		;;
	esac
}

# Microseconds since the epoch (EPOCHREALTIME's separator is the locale's).
now_us() { echo "${EPOCHREALTIME//[!0-9]/}"; }

# qemu once under ACCEL, watched. Sets QEMU_RC (137: killed at LIMIT) and
# STALL (empty, or why this KVM boot was given up: the line to say).
run_qemu() {
	local accel=$1 kernel=$2 initrd=$3 out=$4 limit=$5
	local pid start now elapsed_ms kvm=0
	[ "$accel" = kvm ] && kvm=1
	: >"$out/console.log"
	: >"$out/results.txt"
	: >"$out/firmware.log"
	STALL=
	"$QEMU" -accel "$accel" -cpu max -m 256 -smp "$cpus" \
		-nodefaults -display none -no-reboot -no-user-config \
		-kernel "$kernel" -initrd "$initrd" \
		-append "console=ttyS0 panic=-1 loglevel=4${DSLAB_VM_APPEND:+ $DSLAB_VM_APPEND} rdinit=${DSLAB_VM_INIT:-/init}${DSLAB_VM_ARGS:+ dslab.args=$DSLAB_VM_ARGS}${DSLAB_VM_EXEC:+ dslab.exec=$DSLAB_VM_EXEC}" \
		-chardev "file,id=firmware,path=$out/firmware.log" -device isa-debugcon,iobase=0x402,chardev=firmware \
		-serial "file:$out/console.log" -serial "file:$out/results.txt" \
		>"$out/qemu.log" 2>&1 &
	pid=$!
	start=$(now_us)
	while kill -0 "$pid" 2>/dev/null; do
		now=$(now_us)
		elapsed_ms=$(((now - start) / 1000))
		if [ $elapsed_ms -ge $((limit * 1000)) ]; then
			kill -KILL "$pid" 2>/dev/null
			break
		fi
		if [ $kvm = 1 ] && ! [ -s "$out/results.txt" ]; then
			if [ $elapsed_ms -ge $((KVM_DEADLINE * 1000)) ] && ! [ -s "$out/firmware.log" ] &&
				! [ -s "$out/console.log" ]; then
				STALL="KVM opened but ran nothing in $KVM_DEADLINE s"
			elif [ $elapsed_ms -ge $((KVM_INIT_DEADLINE * 1000)) ]; then
				STALL="KVM ran the firmware but the kernel did not reach init in $KVM_INIT_DEADLINE s"
			fi
			if [ -n "$STALL" ]; then
				kill -KILL "$pid" 2>/dev/null
				break
			fi
		fi
		sleep 0.1
	done
	# (bash reports a job killed by a signal on stderr: into qemu.log)
	wait "$pid" 2>>"$out/qemu.log"
	QEMU_RC=$?
	# An abort before the guest ran anything (qemu's own error): also no
	# progress.
	if [ $kvm = 1 ] && [ -z "$STALL" ] && [ $QEMU_RC -ne 0 ] && ! [ -s "$out/firmware.log" ] &&
		! [ -s "$out/console.log" ] && ! [ -s "$out/results.txt" ]; then
		STALL="KVM failed: qemu exited $QEMU_RC before the guest ran ($(grep -v '^[[:space:]]*$' "$out/qemu.log" | head -n 1 | cut -c1-200))"
	fi
	return 0
}

# One boot. The kernel console goes to the first serial port (console.log),
# init writes results to the second (results.txt), the firmware to the
# debug port (firmware.log). panic=-1 and -no-reboot turn a panic into qemu
# exiting; the watch above kills a hang at LIMIT. Returns qemu's status, or
# 6 where DSLAB_VM_ACCEL=kvm and KVM made no progress (OUTDIR/why).
boot() {
	local kernel=$1 initrd=$2 out=$3 limit=$4
	local start end accel used='' note=''
	start=$(date +%s.%N)
	QEMU_RC=0
	choose_accelerators
	for accel in $ACCELS; do
		if [ "$accel" = kvm ] && ! { [ -r "$KVM_DEVICE" ] && [ -w "$KVM_DEVICE" ]; }; then
			STALL="KVM cannot be used: $KVM_DEVICE cannot be opened for reading and writing"
		else
			run_qemu "$accel" "$kernel" "$initrd" "$out" "$limit"
			used=$accel
		fi
		[ -z "$STALL" ] && break
		if [ "${DSLAB_VM_ACCEL:-auto}" = kvm ]; then
			echo "$STALL (DSLAB_VM_ACCEL=kvm: no fallback to TCG)" >"$out/why"
			note="$STALL (DSLAB_VM_ACCEL=kvm)"
			QEMU_RC=6
			break
		fi
		note="$STALL; using TCG (software emulation)"
		say "dslab: $note"
		[ -z "$ACCEL_STATE" ] || echo "$STALL" >"$ACCEL_STATE"
	done
	[ -n "$note" ] || note=$ACCEL_NOTE
	end=$(date +%s.%N)
	{
		echo "accel ${used:-none}"
		[ -z "$note" ] || echo "accel_note $note"
		awk -v a="$start" -v b="$end" 'BEGIN { printf "wall %.2f\n", b - a }'
	} >"$out/timing"
	return $QEMU_RC
}

# results.txt: "DSLAB-BOOTED <uptime>", KTAP lines, "=== <case>" then that
# case's transcript, "DSLAB-END <status> <uptime>".
split_results() {
	local out=$1
	rm -rf "$out/actual"
	mkdir -p "$out/actual"
	tr -d '\r' <"$out/results.txt" | awk -v out="$out" '
		/^KERNEL / { print "kernel " $2 >> (out "/timing"); next }
		/^CONFIG-CHECK / { print substr($0, 14) > (out "/config-check"); next }
		/^DSLAB-BOOTED / { print "boot " $2 >> (out "/timing"); next }
		/^DSLAB-END / { print "suite_end " $3 >> (out "/timing"); print "status " $2 >> (out "/timing"); ended = 1; next }
		/^=== / { file = out "/actual/" substr($0, 5) ".transcript"; dir = file; sub(/\/[^\/]*$/, "", dir);
			  system("mkdir -p \"" dir "\""); next }
		file != "" { print > file; next }
		{ print > (out "/ktap.txt") }
		END { exit ended ? 0 : 1 }'
}

run() {
	local spec=$1 build=$2 out=$3 limit=$4
	local source=$SOURCE_DIR
	mkdir -p "$out" "${DSLAB_KERNEL_CACHE:-$build/kernels/cache}"
	out=$(cd "$out" && pwd)
	build=$(cd "$build" && pwd)
	rm -f "$out/why" "$out/timing" "$out/ktap.txt"
	check_accel_settings || return 2
	local package
	package=$(resolve "$spec") || return 2
	echo "$package" >"$out/package"
	if ! command -v "$QEMU" >/dev/null; then
		echo "$QEMU is not installed (apt-get install qemu-system-x86)" >"$out/why"
		return 4
	fi
	local kernel rc modules_cpio
	if [[ $spec == image:* ]]; then
		kernel=${spec#image:}
		modules_cpio=$(prepare_image "$kernel" "$out" "$source")
		rc=$?
	else
		kernel=$(fetch_kernel "$package" "${DSLAB_KERNEL_CACHE:-$build/kernels/cache}" "$out")
		rc=$?
		modules_cpio="$(dirname "$kernel")/modules.cpio.gz"
	fi
	[ $rc -eq 0 ] || return $rc
	# Built for each run, in OUTDIR: runs at the same time (a bisection
	# beside a matrix) pack different DSLAB_VM_FILES.
	local initrd="$out/common.cpio.gz" why
	if ! why=$(make_initramfs "$build" "$source" "$initrd"); then
		echo "cannot build the initramfs: $why" >"$out/why"
		return 4
	fi
	# Linux unpacks concatenated cpio archives in turn: the common part,
	# then this kernel's modules.
	cat "$initrd" "$modules_cpio" >"$out/initramfs.cpio.gz"
	rm -f "$initrd"
	boot "$kernel" "$out/initramfs.cpio.gz" "$out" "$limit"
	rc=$?
	[ $rc -eq 6 ] && return 6 # DSLAB_VM_ACCEL=kvm and KVM made no progress: OUTDIR/why
	if split_results "$out"; then
		# The guest's own check (init.sh) found an option missing: the
		# suite did not run.
		local missing
		missing=$(sed -n 's/^\/proc\/config.gz in the guest: \(missing .*\)/\1/p' "$out/config-check" 2>/dev/null)
		if [ -n "$missing" ]; then
			echo "kernel $(sed -n 's/^kernel //p' "$out/timing") cannot run the suite: $missing (from /proc/config.gz in the guest)" >"$out/why"
			return 4
		fi
		return 0
	fi
	local kind=timeout
	grep -qE 'Kernel panic|end Kernel panic' "$out/console.log" && kind=panic
	[ $rc -eq 137 ] || [ $kind = panic ] || kind="no end marker, qemu exit $rc"
	{
		echo "no result ($kind)"
		echo "last console lines:"
		tr -d '\r' <"$out/console.log" | tail -n 8 | sed 's/^/  /'
	} >"$out/why"
	return 3
}

SOURCE_DIR=$(cd "$(dirname "$0")/../.." && pwd)
. "$SOURCE_DIR/harness/kernels/archive.sh"
case "${1:-}" in
resolve) ARCHIVE_DIR=${3:-$SOURCE_DIR/build}/kernels/archive; resolve "$2" ;;
run) ARCHIVE_DIR=$3/kernels/archive; run "$2" "$3" "$4" "$5" ;;
*) say "usage: vm.sh resolve SPEC [BUILD] | vm.sh run SPEC BUILD OUTDIR TIMEOUT"; exit 2 ;;
esac
