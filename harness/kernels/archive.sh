# shellcheck shell=bash
# harness/kernels/archive.sh, sourced by vm.sh: Debian's archive beyond the
# host's own suites, through a private apt configuration (never the host's
# sources or lists), for kernels of every release Debian still serves:
# bullseye (5.10), bookworm (6.1), trixie (6.12) and sid (the newest), each
# with its security suite where it has one.
#
# ARCHIVE_DIR (BUILD/kernels/archive) holds sources.list, the lists and
# apt's cache. The index (about 40 MB for the four suites) is read once and
# again when it is a day old (DSLAB_ARCHIVE_REFRESH=1: now). apt checks the
# Release signatures with Debian's keyring as for the host; sid's Release
# file carries a Valid-Until that the archive served here has let pass, so
# that check alone is off. DSLAB_DEBIAN_MIRROR (default
# http://deb.debian.org) names another mirror.

ARCHIVE_SUITES="bullseye bookworm trixie sid"

archive_options() {
	local dir=$1
	ARCHIVE_OPTS=(-o "Dir::Etc::SourceList=$dir/sources.list" -o "Dir::Etc::SourceParts=/nonexistent"
		-o "Dir::State::Lists=$dir/lists" -o "Dir::Cache=$dir/cache" -o "Dir::State::Status=/dev/null"
		-o "Acquire::Check-Valid-Until=false" -o "Acquire::Languages=none"
		-o "APT::Get::List-Cleanup=false")
}

# Read the index where it is missing or stale. 0, or 4 with the reason on
# stderr (the archive cannot be reached).
archive_update() {
	local dir mirror=${DSLAB_DEBIAN_MIRROR:-http://deb.debian.org} suite keyring
	keyring=/usr/share/keyrings/debian-archive-keyring.gpg
	if ! mkdir -p "$1" || ! dir=$(cd "$1" && pwd); then
		say "dslab: cannot make $1"
		return 4
	fi
	# shellcheck disable=SC2034 # (vm.sh's, made absolute: apt reads relative paths from /etc/apt)
	ARCHIVE_DIR=$dir
	archive_options "$dir"
	if [ -f "$dir/updated" ] && [ "${DSLAB_ARCHIVE_REFRESH:-0}" != 1 ] &&
		[ -n "$(find "$dir/updated" -mmin -1440 2>/dev/null)" ]; then
		return 0
	fi
	[ -r "$keyring" ] || { say "dslab: no $keyring (apt-get install debian-archive-keyring)"; return 4; }
	mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial"
	for suite in $ARCHIVE_SUITES; do
		echo "deb [signed-by=$keyring] $mirror/debian $suite main"
		[ "$suite" = sid ] || echo "deb [signed-by=$keyring] $mirror/debian-security $suite-security main"
	done >"$dir/sources.list"
	# (at a terminal only: an error stays one line where it is read)
	[ -t 2 ] && say "dslab: reading Debian's archive index ($ARCHIVE_SUITES; about 40 MB, once a day) into $dir"
	rm -f "$dir/updated"
	if ! apt-get "${ARCHIVE_OPTS[@]}" update >"$dir/update.log" 2>&1 ||
		grep -qE '^(E|Err):' "$dir/update.log" || ! ls "$dir"/lists/*_Packages* >/dev/null 2>&1; then
		say "dslab: cannot read Debian's archive index: $(grep -E '^(E|Err|W):' "$dir/update.log" | head -n 1) (see $dir/update.log)"
		return 4
	fi
	touch "$dir/updated"
}

# The newest linux-image-<series>.*-cloud-amd64 the private index knows.
archive_series_package() {
	local series=$1
	apt-cache "${ARCHIVE_OPTS[@]}" pkgnames linux-image- 2>/dev/null |
		grep -E "^linux-image-${series//./\\.}\\.[0-9][^ ]*-cloud-amd64\$" | sort -V | tail -n 1
}

# The cloud kernel a suite installs: what its linux-image-cloud-amd64
# depends on, the newer of the suite's and its security suite's.
archive_suite_package() {
	local suite=$1 pocket
	for pocket in "$suite" "$suite-security"; do
		apt-cache "${ARCHIVE_OPTS[@]}" show "linux-image-cloud-amd64/$pocket" 2>/dev/null |
			sed -n 's/^Depends:.*\(linux-image-[^ ,]*-cloud-amd64\).*/\1/p' | head -n 1
	done | sort -V | tail -n 1
}

# The series the private index offers, for an error line.
archive_offered() {
	apt-cache "${ARCHIVE_OPTS[@]}" pkgnames linux-image- 2>/dev/null | grep -E '^linux-image-[0-9][^ ]*-cloud-amd64$' |
		sed -E 's/^linux-image-([0-9]+\.[0-9]+).*/\1/' | sort -uV | tr '\n' ' '
}

# Whether the private index knows a package.
archive_knows() {
	apt-cache "${ARCHIVE_OPTS[@]}" show "$1" >/dev/null 2>&1
}
