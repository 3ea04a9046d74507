#!/usr/bin/env bash
# Builds hyoka.exe (x86_64-pc-windows-gnu, release) and runs tests/windows_exe.rs against it under Wine.
# ./test.sh runs this; it can be run alone:
#
#   scripts/test-windows.sh [-- TEST-FILTER…]
#
#   1. scripts/cross-toolchain.sh windows   Debian's rustc-web, MinGW, Wine and its prefix (idempotent)
#   2. the .exe, with Debian's compiler and -Zbuild-std, in target/cross/windows (the normal target/ and
#      rustup's toolchain are left alone)
#   3. cargo test --test windows_exe -- --include-ignored, with rustup's toolchain as usual: the tests run
#      on Linux and start the .exe with Wine (HYOKA_EXE, HYOKA_WINE, WINEPREFIX)
#
# Each step prints its time. Exits non-zero when any step fails.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
CACHE=${HYOKA_CROSS_CACHE:-${HOME:-/root}/.cache/hyoka-ci}
TARGET=x86_64-pc-windows-gnu
TARGET_DIR=$ROOT/target/cross/windows
EXE=$TARGET_DIR/$TARGET/release/hyoka.exe
[ "${1:-}" = -- ] && shift

T0=$(date +%s)
step_start() { STEP=$1; STEP_T=$(date +%s); echo "==> [windows] $STEP"; }
step_end() { echo "<== [windows] $STEP: $(( $(date +%s) - STEP_T ))s"; }

step_start "toolchain (scripts/cross-toolchain.sh windows)"
bash scripts/cross-toolchain.sh windows
step_end

step_start "hyoka.exe (release, Debian's rustc, -Zbuild-std, $TARGET_DIR)"
# std is built from source once per target folder; later runs rebuild only what changed.
[ -d "$TARGET_DIR/$TARGET/release/deps" ] || echo "fresh target folder: std is built first"
(. "$CACHE/cross/env.sh" && cargo build --release -Zbuild-std=std,panic_abort --target "$TARGET" \
  --target-dir "$TARGET_DIR" --bin hyoka)
ls -l "$EXE"
step_end

step_start "tests under Wine (cargo test --test windows_exe -- --include-ignored)"
# From the environment file only what Wine needs; the tests build with rustup's toolchain, as
# `cargo test` does everywhere else.
eval "$(. "$CACHE/cross/env.sh" && printf 'WINEPREFIX=%q HYOKA_WINE=%q WINEDLLOVERRIDES=%q' \
  "$WINEPREFIX" "$HYOKA_WINE" "$WINEDLLOVERRIDES")"
export WINEPREFIX HYOKA_WINE WINEDLLOVERRIDES WINEDEBUG=-all HYOKA_EXE=$EXE
# One Wine session for the whole run instead of one per test (faster), stopped at the end. Its services
# (winedevice.exe…) are started here with /dev/null as their standard streams: started by a test, they
# would inherit its descriptors.
WINESERVER=$CACHE/cross/bin/wineserver
"$WINESERVER" -p </dev/null >/dev/null 2>&1 || true
trap '"$WINESERVER" -k </dev/null >/dev/null 2>&1 || true' EXIT
"$HYOKA_WINE" cmd /c exit </dev/null >/dev/null 2>&1 || true
cargo test --test windows_exe -- --include-ignored "$@"
step_end

echo "test-windows: done in $(( $(date +%s) - T0 ))s"
