#!/usr/bin/env bash
# Runs the headless Neovim test (spec.lua) against a hyoka binary, and with the default
# encoding offer (no utf-16 argument, no HYOKA_NVIM_LSP_START=1) also enable.lua.
#   editors/nvim/test/run.sh [HYOKA_BIN] [utf-16]
# Needs $HYOKA_NVIM (Neovim >= 0.11) or nvim from .ci/editors-setup.sh's cache.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
EDITORS=$(cd "$HERE/../.." && pwd)
ROOT=$(cd "$EDITORS/.." && pwd)
CACHE=${HYOKA_EDITORS_CACHE:-${HOME:-/root}/.cache/hyoka-ci}
NVIM=${HYOKA_NVIM:-$CACHE/venv/bin/nvim}
if [ ! -x "$NVIM" ]; then
  echo "FAIL nvim: Neovim not found at $NVIM (run .ci/editors-setup.sh)" >&2
  echo "RESULT nvim passed=0 failed=1"
  exit 1
fi
export HYOKA_BIN=${1:-${HYOKA_BIN:-$ROOT/target/release/hyoka}}
export HYOKA_ENCODING=${2:-}
export HYOKA_FIXTURES="$EDITORS/fixtures" HYOKA_EXAMPLES="$ROOT/examples"
HYOKA_TMP=$(mktemp -d /tmp/hyoka-nvim.XXXXXX)
export HYOKA_TMP
trap 'rm -rf "$HYOKA_TMP"' EXIT
# A private XDG so no user config, plugins or state leak in.
export XDG_CONFIG_HOME="$HYOKA_TMP/config" XDG_DATA_HOME="$HYOKA_TMP/data" XDG_STATE_HOME="$HYOKA_TMP/state" XDG_CACHE_HOME="$HYOKA_TMP/cache"
cd "$HYOKA_TMP"
rc=0
timeout 300 "$NVIM" --headless --clean --cmd "set rtp^=$EDITORS/nvim" -c "luafile $HERE/spec.lua" 2>&1 </dev/null || rc=$?
# The default run (utf-8 offered, 0.11+ path) also checks `vim.lsp.enable("hyoka")` alone:
# lsp/hyoka.lua from 'runtimepath', `hyoka` from $PATH, no setup(), no timer.
if [ -z "$HYOKA_ENCODING" ] && [ "${HYOKA_NVIM_LSP_START:-}" != 1 ]; then
  PATH="$(dirname "$HYOKA_BIN"):$PATH" HYOKA_NVIM_PLUGIN="$EDITORS/nvim" \
    timeout 120 "$NVIM" --headless --clean --cmd "set rtp^=$EDITORS/nvim" -c "luafile $HERE/enable.lua" 2>&1 </dev/null || rc=$?
fi
exit $rc
