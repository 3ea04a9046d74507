#!/usr/bin/env bash
# Editor integration tests. Needs .ci/editors-setup.sh to have run, and the release
# server at target/release/hyoka (or $HYOKA_BIN) for the packaging, e2e and nvim LSP parts.
#
#   editors/run-tests.sh            all suites
#   editors/run-tests.sh unit grammar nvim vscode    a selection
#   editors/run-tests.sh --refresh-screenshots       package + vscode, and the screenshot
#                                                    replaces docs/vscode.png
#
# Suites: unit (client logic, node --test), grammar (vscode-tmgrammar-test), package
# (esbuild + vsce), vscode (code-server + Chromium e2e), vscode-no-server (the
# notification when no server binary is found), nvim (headless Neovim, utf-8
# offered first), nvim-utf16 (only utf-16 offered), nvim-lsp-start (the Neovim 0.10
# code path, vim.lsp.start, run on this Neovim). Closes with `N passed, N failed`.
#
# The tests write nothing tracked by git: logs go to editors/.test-logs (or
# $HYOKA_EDITORS_LOGS), the .vsix files to editors/vscode/ and the logs folder (both
# git-ignored), and the VS Code screenshot to target/editor-tests/vscode.png (or
# $HYOKA_SCREENSHOT). Only --refresh-screenshots writes docs/vscode.png.
set -uo pipefail
EDITORS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$EDITORS/.." && pwd)
CACHE=${HYOKA_EDITORS_CACHE:-${HOME:-/root}/.cache/hyoka-ci}
export HYOKA_EDITORS_CACHE=$CACHE
export HYOKA_BIN=${HYOKA_BIN:-$ROOT/target/release/hyoka}
[ -f "$CACHE/env.sh" ] && . "$CACHE/env.sh"
VSIX="$EDITORS/vscode/hyoka-linux-x64.vsix"
LOGDIR=${HYOKA_EDITORS_LOGS:-$EDITORS/.test-logs}
mkdir -p "$LOGDIR"

SCREENSHOT=${HYOKA_SCREENSHOT:-$ROOT/target/editor-tests/vscode.png}
SUITES=()
for a in "$@"; do
  case $a in
    --refresh-screenshots) SCREENSHOT=$ROOT/docs/vscode.png; REFRESH=1 ;;
    *) SUITES+=("$a") ;;
  esac
done
if [ ${#SUITES[@]} -eq 0 ]; then
  if [ -n "${REFRESH:-}" ]; then
    SUITES=(package vscode)
  else
    SUITES=(unit grammar vscode-no-server package vscode nvim nvim-utf16 nvim-lsp-start)
  fi
fi

PASSED=0
FAILED=0
SUMMARY=()
note() { SUMMARY+=("$1"); }

# Adds the `RESULT <suite> passed=N failed=M` lines of a log to the totals; a suite
# that printed none (crashed) or exited non-zero with no failure counted is one failure.
count_results() {
  local name=$1 log=$2 rc=$3 p=0 f=0 line
  while IFS= read -r line; do
    p=$((p + $(sed -E 's/.*passed=([0-9]+).*/\1/' <<<"$line")))
    f=$((f + $(sed -E 's/.*failed=([0-9]+).*/\1/' <<<"$line")))
  done < <(grep -E '^RESULT .* passed=[0-9]+ failed=[0-9]+' "$log")
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    f=1
    echo "FAIL $name: exited with $rc (see $log)"
  fi
  PASSED=$((PASSED + p))
  FAILED=$((FAILED + f))
  note "$name: $p passed, $f failed ($(basename "$log"))"
}

need_bin() {
  if [ ! -x "$HYOKA_BIN" ]; then
    echo "FAIL $1: server binary $HYOKA_BIN not found — run \`cargo build --release\` first"
    FAILED=$((FAILED + 1))
    note "$1: 0 passed, 1 failed (no server binary)"
    return 1
  fi
}

need_node_modules() {
  if [ ! -d "$EDITORS/vscode/node_modules/vscode-tmgrammar-test" ]; then
    echo "FAIL $1: editors/vscode/node_modules missing — run .ci/editors-setup.sh"
    FAILED=$((FAILED + 1))
    note "$1: 0 passed, 1 failed (node_modules missing)"
    return 1
  fi
}

run_unit() {
  need_node_modules unit || return
  local log="$LOGDIR/unit.log"
  (cd "$EDITORS/vscode" && npm run -s test:unit) >"$log" 2>&1
  local rc=$?
  local p f
  p=$(grep -E '^# pass [0-9]+' "$log" | awk '{print $3}')
  f=$(grep -E '^# fail [0-9]+' "$log" | awk '{print $3}')
  echo "RESULT unit passed=${p:-0} failed=${f:-0}" >>"$log"
  grep -E '^(not ok|# (pass|fail))' "$log"
  count_results unit "$log" "$rc"
}

run_grammar() {
  need_node_modules grammar || return
  local log="$LOGDIR/grammar.log"
  (cd "$EDITORS/vscode" && npx --no-install vscode-tmgrammar-test -g syntaxes/hyoka.tmLanguage.json 'test/grammar/*.test.hyoka') >"$log" 2>&1
  local rc=$?
  local p f
  p=$(grep -c '✓' "$log")
  f=$(grep -c '✖\|✗' "$log")
  [ "$p" -eq 0 ] && [ "$f" -eq 0 ] && f=1 && echo "FAIL grammar: no grammar test file ran"
  echo "RESULT grammar passed=$p failed=$f" >>"$log"
  cat "$log"
  count_results grammar "$log" "$rc"
}

run_package() {
  need_node_modules package || return
  need_bin package || return
  local log="$LOGDIR/package.log"
  rm -f "$VSIX"
  (cd "$EDITORS/vscode" && node scripts/package.mjs --server "$HYOKA_BIN" --out "$VSIX") >"$log" 2>&1
  local rc=$?
  local files
  files=$(python3 -m zipfile -l "$VSIX" 2>/dev/null)
  if [ $rc -eq 0 ] && grep -q 'extension/server/hyoka' <<<"$files" && grep -q 'extension/LICENSE.txt' <<<"$files" &&
    ! grep -q node_modules <<<"$files"; then
    echo "PASS package: $(basename "$VSIX") bundles server/hyoka and LICENSE, and no node_modules ($(du -h "$VSIX" | cut -f1))"
    echo "RESULT package passed=1 failed=0" >>"$log"
  else
    tail -20 "$log"
    echo "FAIL package: see $log"
    echo "RESULT package passed=0 failed=1" >>"$log"
  fi
  # The e2e tests read VS Code's state through their own helper extension
  # (vscode/test/e2e/helper): the shipped manifest and bundle hold no test-only command.
  if [ -f "$VSIX" ] && python3 - "$VSIX" <<'PY' >>"$log" 2>&1; then
import json, re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
pkg = json.loads(z.read("extension/package.json"))
c = pkg.get("contributes", {})
test = re.compile(r"test", re.I)
bad = [x["command"] for x in c.get("commands", []) if test.search(x["command"])]
bad += [f"menus.{m}: {x.get('command')}" for m, xs in c.get("menus", {}).items() for x in xs if test.search(x.get("command", ""))]
bad += [f"keybinding {x.get('command')}" for x in c.get("keybindings", []) if test.search(x.get("command", ""))]
bad += [f"setting {k}" for k in c.get("configuration", {}).get("properties", {}) if test.search(k)]
for name in z.namelist():
    if re.fullmatch(r"extension/package\.nls(\.[a-z-]+)?\.json", name):
        bad += [f"{name}: {k}" for k in json.loads(z.read(name)) if test.search(k)]
js = z.read("extension/dist/extension.js").decode("utf8")
bad += [f"dist/extension.js holds {s!r}" for s in ("hyoka.test", "testMode", "HYOKA_TEST") if s in js]
print("commands:", [x["command"] for x in c.get("commands", [])])
if bad:
    print("test-only contributions in the .vsix:", *bad, sep="\n  ")
    sys.exit(1)
PY
    echo "PASS package: the .vsix's package.json and bundle have no test-only commands or settings"
    echo "RESULT package-no-test-commands passed=1 failed=0" >>"$log"
  else
    tail -5 "$log"
    echo "FAIL package: the .vsix has test-only contributions (see $log)"
    echo "RESULT package-no-test-commands passed=0 failed=1" >>"$log"
  fi
  count_results package "$log" "$rc"
}

run_vscode() {
  need_node_modules vscode || return
  need_bin vscode || return
  if [ ! -f "$VSIX" ]; then
    run_package
    [ -f "$VSIX" ] || return
  fi
  local log="$LOGDIR/vscode-e2e.log"
  mkdir -p "$(dirname "$SCREENSHOT")"
  (cd "$EDITORS/vscode" && timeout 900 node test/e2e/run.mjs --vsix "$VSIX" --screenshot "$SCREENSHOT") 2>&1 | tee "$log"
  count_results vscode "$log" "${PIPESTATUS[0]}"
}

run_vscode_no_server() {
  need_node_modules vscode-no-server || return
  local log="$LOGDIR/vscode-no-server.log" vsix="$LOGDIR/hyoka-no-server.vsix"
  (cd "$EDITORS/vscode" && node scripts/package.mjs --no-server --out "$vsix" >"$LOGDIR/package-no-server.log" 2>&1 &&
    timeout 600 node test/e2e/run.mjs --vsix "$vsix" --missing-server) 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  # the package step above left server/ empty: the next package run copies the binary again
  rm -f "$VSIX"
  count_results vscode-no-server "$log" "$rc"
}

run_nvim() {
  local name=$1 enc=$2
  need_bin "$name" || return
  local log="$LOGDIR/$name.log"
  "$EDITORS/nvim/test/run.sh" "$HYOKA_BIN" "$enc" 2>&1 | tee "$log"
  count_results "$name" "$log" "${PIPESTATUS[0]}"
}

for s in "${SUITES[@]}"; do
  echo "=== $s"
  case $s in
    unit) run_unit ;;
    grammar) run_grammar ;;
    package) run_package ;;
    vscode) run_vscode ;;
    vscode-no-server) run_vscode_no_server ;;
    nvim) run_nvim nvim "" ;;
    nvim-utf16) run_nvim nvim-utf16 utf-16 ;;
    nvim-lsp-start) HYOKA_NVIM_LSP_START=1 run_nvim nvim-lsp-start "" ;;
    *) echo "FAIL: unknown suite $s"; FAILED=$((FAILED + 1)) ;;
  esac
done

echo
echo "=== editor tests (logs in $LOGDIR)"
for l in "${SUMMARY[@]}"; do echo "  $l"; done
echo "editors: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
