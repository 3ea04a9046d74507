#!/usr/bin/env bash
# Builds dist/hyoka.html: hyoka in the browser, one self-contained file (issue 14). The core is compiled to
# wasm32-unknown-unknown with Debian's compiler and -Zbuild-std (scripts/cross-toolchain.sh wasm), bound
# with wasm-bindgen (crates/hyoka-wasm), shrunk with wasm-opt (npm's binaryen), and bundled with CodeMirror
# and the page (web/src) by esbuild (web/build.mjs), the wasm inlined.
#
#   scripts/web.sh            → dist/hyoka.html   (scripts/dist.sh runs it too)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
CACHE=${HYOKA_CROSS_CACHE:-${HOME:-/root}/.cache/hyoka-ci}
ENV=$CACHE/cross/env.sh
TARGET=wasm32-unknown-unknown
OUT=target/cross/wasm
PKG=$OUT/pkg

step_start() { STEP=$1; STEP_T=$(date +%s); echo "==> [web] $STEP"; }
step_end() { echo "<== [web] $STEP: $(( $(date +%s) - STEP_T ))s"; }

bash scripts/cross-toolchain.sh wasm

step_start "hyoka-wasm (release, Debian's rustc, -Zbuild-std, $OUT)"
# Small rather than fast (the page checks one sheet at a time), one codegen unit, no unwinding.
(. "$ENV" && CARGO_PROFILE_RELEASE_OPT_LEVEL=z CARGO_PROFILE_RELEASE_LTO=true CARGO_PROFILE_RELEASE_STRIP=false \
  CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1 CARGO_PROFILE_RELEASE_PANIC=abort \
  cargo build --release -Zbuild-std=std,panic_abort --target "$TARGET" --target-dir "$OUT" -p hyoka-wasm)
step_end

step_start "wasm-bindgen, wasm-opt"
"$CACHE/cross/bin/wasm-bindgen" --target web --no-typescript --out-dir "$PKG" \
  "$OUT/$TARGET/release/hyoka_wasm.wasm"
if [ ! -x web/node_modules/.bin/esbuild ] || [ ! -x web/node_modules/.bin/wasm-opt ]; then
  (cd web && npm ci --no-audit --no-fund)
fi
web/node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals "$PKG/hyoka_wasm_bg.wasm" -o "$PKG/hyoka_wasm_bg.wasm"
step_end

step_start "dist/hyoka.html (esbuild)"
node web/build.mjs "$PKG" dist/hyoka.html
step_end
