#!/usr/bin/env bash
# Browser tests, in headless Chromium:
#   - the HTML report (`hyoka report … -o report.html`): generated with its JSON twin for the example sheets
#     (six forms) and two workspace fixture folders into target/web-tests/, then driven by
#     web/test/report.mjs (table, sorting, filters, summary, links, print layout, PDF, no network);
#   - hyoka in the browser, dist/hyoka.html (built by scripts/web.sh): web/test/browser.mjs (no network,
#     window.hyoka.check against the command line on every example and fixture, opening a file, hover help,
#     the outline, a quick fix, saving a CRLF Shift_JIS sheet byte for byte).
#
#   web/run-tests.sh [--refresh-screenshots]
#
# Screenshots go to target/web-tests/; --refresh-screenshots writes docs/report.png and docs/browser.png.
# Env: HYOKA_BIN (default target/release/hyoka; build it first), CHROMIUM (default
# /usr/bin/chromium; .ci/editors-setup.sh installs it).
# Prints `RESULT report …` and `RESULT browser passed=N failed=M`; exit code 1 when a check failed.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

SCREENSHOT=target/web-tests/report.png
BROWSER_SCREENSHOT=target/web-tests/browser.png
for arg in "$@"; do
  case "$arg" in
    --refresh-screenshots) SCREENSHOT=docs/report.png BROWSER_SCREENSHOT=docs/browser.png ;;
    -h | --help)
      sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "web/run-tests.sh: unknown argument: $arg" >&2
      exit 2
      ;;
  esac
done

# playwright-core from the committed package-lock.json
if [ ! -d web/node_modules/playwright-core ]; then
  (cd web && npm ci --no-audit --no-fund)
fi

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
  echo "web/run-tests.sh: Chromium is missing; run .ci/editors-setup.sh (apt-get install chromium)" >&2
  exit 1
fi
export CHROMIUM

HYOKA_BIN=${HYOKA_BIN:-target/release/hyoka}
if [ ! -x "$HYOKA_BIN" ]; then
  echo "web/run-tests.sh: $HYOKA_BIN not found; run cargo build --release (or set HYOKA_BIN)" >&2
  exit 1
fi

OUT=target/web-tests
SHEETS=(examples tests/fixtures/workspace/department-name-variant tests/fixtures/workspace/target-changed)
mkdir -p "$OUT"
rm -f "$OUT/report.html" "$OUT/report.json" "$OUT/report.pdf"

# Runs `hyoka report …`. It exits 0 even when sheets have errors; 1 is tolerated as well
# (a lint-style "errors found"), 2 and above means the command itself failed.
hyoka_report() {
  local rc=0
  "$HYOKA_BIN" report "$@" || rc=$?
  if [ "$rc" -ge 2 ]; then
    echo "web/run-tests.sh: '$HYOKA_BIN report $*' failed with exit code $rc" >&2
    echo "RESULT report passed=0 failed=1"
    exit 1
  fi
}
hyoka_report "${SHEETS[@]}" -o "$OUT/report.html"
hyoka_report "${SHEETS[@]}" --format json -o "$OUT/report.json"
for f in "$OUT/report.html" "$OUT/report.json"; do
  if [ ! -s "$f" ]; then
    echo "web/run-tests.sh: $HYOKA_BIN report did not write $f" >&2
    echo "RESULT report passed=0 failed=1"
    exit 1
  fi
done

rc=0
node web/test/report.mjs "$OUT/report.html" "$OUT/report.json" "$SCREENSHOT" "$OUT/report.pdf" || rc=1

# hyoka in the browser (dist/hyoka.html, built by scripts/web.sh).
PAGE=dist/hyoka.html
if [ ! -s "$PAGE" ]; then
  echo "web/run-tests.sh: $PAGE not found; build it with scripts/web.sh" >&2
  echo "RESULT browser passed=0 failed=1"
  exit 1
fi
node web/test/browser.mjs "$PAGE" "$HYOKA_BIN" "$BROWSER_SCREENSHOT" || rc=1
exit "$rc"
