#!/usr/bin/env bash
# The man page harness/doc/dslab.1 renders without a warning, and names
# every command and option that dslab --help and dslab help COMMAND list,
# every exit code and every environment variable they mention, so the two
# cannot drift apart. Exits 4 (skipped) without groff (Debian: groff-base).
. "$(dirname "$0")/common.sh"
PAGE="$SOURCE_DIR/harness/doc/dslab.1"

if ! command -v groff >/dev/null; then
  echo "groff is not installed (apt-get install groff-base): man page not checked"
  exit 4
fi
# -ww: every warning; -z: no output, only the diagnostics.
groff -man -Tutf8 -ww -z "$PAGE" 2>"$WORK/warnings"
[ -s "$WORK/warnings" ] && fail "groff warns about dslab.1: $(head -5 "$WORK/warnings")"
if command -v man >/dev/null; then
  MANWIDTH=80 man --warnings -l "$PAGE" >"$WORK/rendered" 2>"$WORK/warnings" ||
    fail "man -l dslab.1 failed: $(head -3 "$WORK/warnings")"
  [ -s "$WORK/warnings" ] && fail "man -l warns about dslab.1: $(head -5 "$WORK/warnings")"
  grep -q '^NAME' "$WORK/rendered" || fail "man -l dslab.1 rendered no NAME section"
fi

# The page's words as a reader sees them: roff's \- is '-', fonts dropped.
sed 's/\\-/-/g; s/\\f[BIRP]//g; s/\\(aq/'"'"'/g' "$PAGE" >"$WORK/page"
mentions() { grep -qF -- "$1" "$WORK/page"; }

"$DSLAB" --help >"$WORK/help" || fail "dslab --help failed"
commands=$(sed -n '/^commands:/,/^$/s/^  \([a-z][a-z]*\) .*/\1/p' "$WORK/help")
[ -n "$commands" ] || fail "no commands found in dslab --help"
for command in $commands; do
  grep -Eq "^\.SS \"?$command( |\"|$)" "$WORK/page" || fail "dslab.1 has no section (.SS) for '$command'"
  [ "$command" = help ] && continue
  "$DSLAB" help "$command" >"$WORK/command-help" || fail "dslab help $command failed"
  for option in $(grep -oE -- '(^|[^a-z])--[a-z][a-z-]*' "$WORK/command-help" | sed 's/^[^-]*//' | sort -u); do
    mentions "$option" || fail "dslab.1 does not mention '$option' (dslab help $command)"
  done
  for word in $(grep -oE '\$[A-Z_]{2,}|NO_COLOR' "$WORK/command-help" | tr -d '$' | sort -u); do
    grep -q "^\.B $word\$" "$WORK/page" || fail "dslab.1's ENVIRONMENT does not list $word (dslab help $command)"
  done
done
for option in --help -h --version; do mentions "$option" || fail "dslab.1 does not mention '$option'"; done
# Exit codes: each one dslab --help lists is a .TP entry under EXIT STATUS.
for code in $(sed -n '/^exit codes:/,/^$/s/^  \([0-9]\)  .*/\1/p' "$WORK/help"); do
  sed -n '/^\.SH EXIT STATUS/,/^\.SH /p' "$WORK/page" | grep -q "^\.B $code\$" ||
    fail "dslab.1's EXIT STATUS does not list $code"
done
for section in NAME SYNOPSIS DESCRIPTION COMMANDS "EXIT STATUS" ENVIRONMENT FILES "ANNOTATION FILES"; do
  grep -q "^\.SH \"\?$section\"\?\$" "$WORK/page" || fail "dslab.1 has no $section section"
done
finish
