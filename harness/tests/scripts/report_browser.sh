#!/usr/bin/env bash
# The HTML report in a real browser: dslab report --html writes the page for
# every case, headless Chromium loads it from disk (file://) and dumps the
# DOM it built, and report_dom.py checks that DOM: every lesson and case of
# `dslab list` with its status, every matrix cell of `dslab run --format
# json bind_matrix_tcp bind_matrix_udp` with its value at its row and column,
# a caption on every table, scoped header cells, text and a symbol beside
# every colour, nothing external. A second, small report embeds a
# behaviour-diff fixture whose markup must stay text. Screenshots for people:
# BUILD/report/report.png (and the page itself in BUILD/report/html/).
#
#   report_browser.sh DSLAB SOURCE_DIR BUILD_DIR
#
# Exit 4 (skipped) without chromium (Debian package chromium), jq or python3.
. "$(dirname "$0")/common.sh"
BUILD_DIR=${3:?usage: $0 DSLAB SOURCE_DIR BUILD_DIR}
HERE=$(cd "$(dirname "$0")" && pwd)

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "SKIP: chromium is not installed (Debian package chromium; ./run_all.sh --ci installs it)"
  exit 4
fi
for tool in jq python3; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool is not installed"; exit 4; }
done

# Chromium's own files stay in $WORK (profile, caches); as root it needs
# --no-sandbox.
chrome() {
  local sandbox=()
  [ "$(id -u)" -eq 0 ] && sandbox=(--no-sandbox)
  HOME=$WORK/home XDG_CONFIG_HOME=$WORK/home/.config XDG_CACHE_HOME=$WORK/home/.cache \
    timeout 120 "$browser" --headless "${sandbox[@]}" --disable-gpu --no-first-run \
    --user-data-dir="$WORK/profile" --disable-extensions --disable-background-networking "$@"
}
mkdir -p "$WORK/home"

out=$BUILD_DIR/report
mkdir -p "$out"
SECONDS=0
"$DSLAB" report --html "$out/html" --jobs 2 >"$WORK/report.out" 2>"$WORK/report.err"
rc=$?
case $rc in
  0|1|4) ;;
  *) fail "dslab report: exit $rc: $(head -3 "$WORK/report.err")"; finish ;;
esac
grep -q "^report: $out/html/index.html\$" "$WORK/report.out" || fail "dslab report did not say where the page is"
ls "$out" | grep -q '\.tmp\.' && fail "a temporary directory was left in $out"
echo "dslab report: exit $rc, $(tail -2 "$WORK/report.out" | head -1)"

"$DSLAB" list >"$WORK/cases"
"$DSLAB" run --format json --jobs 2 bind_matrix_tcp bind_matrix_udp >"$WORK/cells.json" 2>/dev/null
jq -r '.case as $c | .cells[]? | [$c, .grid, .row, .column, .value] | @tsv' "$WORK/cells.json" >"$WORK/cells.tsv"
[ -s "$WORK/cells.tsv" ] || fail "dslab run --format json gave no cells"

page="file://$(readlink -f "$out/html/index.html")"
chrome --dump-dom "$page" >"$WORK/dom.html" 2>"$WORK/chrome.err" || fail "chromium --dump-dom: $(tail -3 "$WORK/chrome.err")"
grep -q '</html>' "$WORK/dom.html" || fail "chromium dumped no DOM ($(wc -c <"$WORK/dom.html") bytes)"
placeholder=--kernel-placeholder
[ -e "$BUILD_DIR/kernels/diff.md" ] || [ -e "$BUILD_DIR/kernels/diff.json" ] && placeholder=""
python3 "$HERE/report_dom.py" "$WORK/dom.html" "$WORK/cases" "$WORK/cells.tsv" $placeholder || fail "the DOM of the full report"

chrome --screenshot="$out/report.png" --window-size=1280,4000 --hide-scrollbars "$page" >/dev/null 2>"$WORK/chrome.err"
[ "$(head -c 8 "$out/report.png" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] ||
  fail "no screenshot in $out/report.png: $(tail -3 "$WORK/chrome.err")"
echo "screenshot: $out/report.png"

# A behaviour-diff file is embedded as a table, its markup as text.
cat >"$WORK/diff.md" <<'MD'
# Behaviour differences

| case | call | linux-6.1 | host |
| --- | --- | --- | --- |
| `bind_matrix_tcp/bindv6only=0,reuse=none,order=bbll` | bind | <script>alert(1)</script> | 0 |
MD
"$DSLAB" report --html "$WORK/small" --kernel-diff "$WORK/diff.md" 'seed_v4v6/bindv6only=0' >/dev/null 2>&1 ||
  fail "dslab report with --kernel-diff"
chrome --dump-dom "file://$WORK/small/index.html" >"$WORK/small.html" 2>/dev/null
printf 'seed_v4v6/bindv6only=0\n' >"$WORK/small.cases"
: >"$WORK/no.cells"
python3 "$HERE/report_dom.py" "$WORK/small.html" "$WORK/small.cases" "$WORK/no.cells" --kernel-fixture --partial ||
  fail "the DOM of the report with a kernel diff"

echo "took ${SECONDS}s"
finish
