#!/usr/bin/env bash
# harness/kernels/musl-deps.sh PREFIX: libcap and libmnl for musl, static,
# built with musl-gcc from Debian's own source packages into PREFIX (the
# musl preset uses build/musl-deps/prefix). Debian ships only glibc builds of
# both; nothing here is written by hand in their place.
#
# apt-get source needs deb-src lines, which the host may not have: a private
# apt configuration under PREFIX/../apt adds them (the host's own sources.list
# and lists are not touched). dpkg-source applies Debian's patches.
#
# Where the archive (or a mirror of it) does not offer a source package,
# DSLAB_MUSL_SOURCES=DIR names a directory of unpacked source trees named
# PACKAGE-VERSION (libcap2-2.66, libmnl-1.0.4), as apt-get source leaves
# them; a tree without ./configure gets one from autoreconf (autoconf,
# automake, libtool).
#
# Exit: 0 built (or already there); 4 a source package cannot be had here
# (the reason is printed); 1 a build failed.
set -euo pipefail

prefix=$(mkdir -p "$1" && cd "$1" && pwd)
work=$(dirname "$prefix")
stamp="$prefix/.built"
[ -e "$stamp" ] && exit 0
command -v musl-gcc >/dev/null || { echo "musl-gcc is not installed (apt-get install musl-tools)"; exit 4; }

# Kernel headers for musl-gcc, which sees only musl's own include directory:
# the project's and libmnl's <linux/...> and <asm/...> come from Debian's
# linux-libc-dev, the same headers glibc builds use.
mkdir -p "$prefix/include" "$prefix/lib/pkgconfig"
for d in linux asm-generic; do ln -sfn "/usr/include/$d" "$prefix/include/$d"; done
ln -sfn "/usr/include/$(gcc -dumpmachine)/asm" "$prefix/include/asm"

apt="$work/apt"
mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$work/src"
# The deb-src lines for the host's own suites.
codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
cat >"$apt/sources.list" <<EOF
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $codename main
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian-security $codename-security main
EOF
aptopts=(-o "Dir::Etc::SourceList=$apt/sources.list" -o "Dir::Etc::SourceParts=/nonexistent"
	-o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache")
if ! apt-get "${aptopts[@]}" update >"$apt/update.log" 2>&1; then
	echo "cannot read Debian's source index (see $apt/update.log)"
	exit 4
fi

# fetch SOURCE-PACKAGE: unpacked into $work/src/SOURCE-*/, path printed.
fetch() {
	local package=$1 dir
	dir=$(ls -d "$work/src/$package"-[0-9]*/ 2>/dev/null | head -n 1)
	if [ -z "$dir" ] && [ -n "${DSLAB_MUSL_SOURCES:-}" ]; then
		local given
		given=$(ls -d "$DSLAB_MUSL_SOURCES/$package"-[0-9]*/ 2>/dev/null | head -n 1)
		if [ -n "$given" ]; then
			dir="$work/src/$(basename "$given")"
			cp -a "$given" "$dir" # built in a copy: the given tree stays as it was
		fi
	fi
	if [ -z "$dir" ]; then
		if ! (cd "$work/src" && apt-get "${aptopts[@]}" source "$package" >"$work/src/$package.log" 2>&1); then
			echo "the archive does not offer the source of $package ($(grep -E '^E:' "$work/src/$package.log" | head -n 1 | cut -c4-)); DSLAB_MUSL_SOURCES=DIR can supply an unpacked $package-VERSION tree" >&2
			return 4
		fi
		dir=$(ls -d "$work/src/$package"-[0-9]*/ | head -n 1)
	fi
	echo "${dir%/}"
}

export CC=musl-gcc
cflags="-O2 -fPIC -isystem $prefix/include"

# libcap: only the library, static (SHARED=no), no Go, no PAM module.
libcap=$(fetch libcap2) || exit 4
make -C "$libcap/libcap" -s CC=musl-gcc BUILD_CC=gcc COPTS="$cflags" SHARED=no GOLANG=no \
	libcap.a >"$work/libcap.log" 2>&1 || { echo "libcap build failed (see $work/libcap.log)"; exit 1; }
install -m 0644 "$libcap/libcap/libcap.a" "$prefix/lib/"
install -d "$prefix/include/sys"
install -m 0644 "$libcap/libcap/include/sys/capability.h" "$prefix/include/sys/"
cat >"$prefix/lib/pkgconfig/libcap.pc" <<EOF
prefix=$prefix
Name: libcap
Description: libcap for musl (Debian source package libcap2, musl-gcc, static)
Version: $(basename "$libcap" | sed 's/^libcap2-//')
Libs: -L\${prefix}/lib -lcap
Cflags: -I\${prefix}/include
EOF

# libmnl: autotools; static only.
libmnl=$(fetch libmnl) || exit 4
(cd "$libmnl" && { [ -x configure ] || autoreconf -fi; } && ./configure --quiet --host=x86_64-linux-musl --prefix="$prefix" \
	--enable-static --disable-shared CC=musl-gcc CFLAGS="$cflags" &&
	make -s && make -s install) >"$work/libmnl.log" 2>&1 ||
	{ echo "libmnl build failed (see $work/libmnl.log)"; exit 1; }
touch "$stamp"
