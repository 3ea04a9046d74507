#!/usr/bin/env bash
# Runs the headless Neovim test (spec.lua) against a hyoka binary.
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
timeout 300 "$NVIM" --headless --clean --cmd "set rtp^=$EDITORS/nvim" -c "luafile $HERE/spec.lua" 2>&1 </dev/null
