#!/usr/bin/env bash
# Installs what the cross builds need on a Debian 12 machine, and writes an environment file to source
# before building. Idempotent: when everything is in place it only checks, in a few seconds.
#
#   scripts/cross-toolchain.sh [windows] [macos] [wasm] [all]      (no argument: windows)
#
#   all targets  Debian's rustc-web 1.96 with rust-web-src (the exact std source of that compiler, for
#                -Zbuild-std: rustup cannot fetch other targets here, and rustup's compilers cannot build
#                Debian's std source), installed in one apt command so that their versions agree.
#   windows      the MinGW gcc (linker), Wine 8.0 (wine64), the bcryptprimitives.dll stand-in that Wine
#                lacks (scripts/wine/bcryptprimitives.c) and a Wine prefix with it.
#   macos        zig and cargo-zigbuild from PyPI in a virtualenv (builds only: nothing here runs Mach-O).
#   wasm         lld-22, which Debian's rust-lld links to, and wasm-bindgen-cli of the version in Cargo.lock.
#
# Everything goes under $HYOKA_CROSS_CACHE (default ~/.cache/hyoka-ci, the folder .ci/editors-setup.sh
# uses): cross/bin (cargo, rustc, rustdoc, wine64, zig and cargo-zigbuild, so that one PATH serves every
# target), cross/env.sh, wine/ (WINEPREFIX) and zig-venv/. Use it as
#
#   ( . ~/.cache/hyoka-ci/cross/env.sh && cargo build --release -Zbuild-std=std,panic_abort \
#       --target x86_64-pc-windows-gnu --target-dir target/cross/windows )
#
# in a subshell: the normal build and tests keep using rustup's toolchain and target/. scripts/dist.sh and
# scripts/test-windows.sh do this.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${HYOKA_CROSS_CACHE:-${HOME:-/root}/.cache/hyoka-ci}
CROSS=$CACHE/cross
BIN=$CROSS/bin
WINEPREFIX_DIR=$CACHE/wine
ZIG_VENV=$CACHE/zig-venv
# PyPI versions verified with this script (November 2026).
ZIGLANG_VERSION=0.17.1
CARGO_ZIGBUILD_VERSION=0.24.1

want_windows=0 want_macos=0 want_wasm=0
(($#)) || set -- windows
for a in "$@"; do
  case $a in
    windows) want_windows=1 ;;
    macos) want_macos=1 ;;
    wasm) want_wasm=1 ;;
    all) want_windows=1 want_macos=1 want_wasm=1 ;;
    -h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "cross-toolchain: unknown target '$a' (windows, macos, wasm or all)" >&2; exit 2 ;;
  esac
done

T0=$(date +%s)
step_start() { STEP=$1; STEP_T=$(date +%s); echo "==> [cross-toolchain] $STEP"; }
step_end() { echo "<== [cross-toolchain] $STEP: $(( $(date +%s) - STEP_T ))s"; }
die() { echo "cross-toolchain: $*" >&2; exit 1; }

# ---------------------------------------------------------------- apt
PACKAGES=(rustc-web cargo-web rust-web-src rust-web-llvm)
((want_windows)) && PACKAGES+=(gcc-mingw-w64-x86-64 wine64)
((want_wasm)) && PACKAGES+=(lld-22)
((want_macos)) && PACKAGES+=(python3-venv)
step_start "apt packages"
installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }
missing=()
for p in "${PACKAGES[@]}"; do installed "$p" || missing+=("$p"); done
if ((${#missing[@]})); then
  echo "missing: ${missing[*]}"
  SUDO=
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || die "apt packages missing (${missing[*]}) and not root: run this script as root"
    SUDO=sudo
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  # One command for every package, so that rustc-web and rust-web-src come from the same upload.
  $SUDO apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >/dev/null
else
  echo "all present"
fi
step_end

# ---------------------------------------------------------------- versions
# -Zbuild-std compiles std from rust-web-src with Debian's rustc: they must be the same release, or core
# fails to build with dozens of errors that do not say why.
step_start "compiler and std source versions"
ver() { dpkg-query -W -f='${Version}' "$1"; }
v_rustc=$(ver rustc-web) v_src=$(ver rust-web-src) v_cargo=$(ver cargo-web)
if [ "$v_rustc" != "$v_src" ]; then
  die "rustc-web is $v_rustc but rust-web-src is $v_src: -Zbuild-std needs the exact std source of the compiler.
  Install both in one command: apt-get install rustc-web rust-web-src (or pin both to one version)."
fi
[ "$v_cargo" = "$v_rustc" ] || echo "note: cargo-web is $v_cargo, rustc-web $v_rustc"
SYSROOT=$(/usr/bin/rustc --print sysroot)
SRC=$SYSROOT/lib/rustlib/src/rust
[ -f "$SRC/library/std/Cargo.toml" ] || die "rust-web-src is installed but $SRC/library/std is missing"
release=$(/usr/bin/rustc -vV | sed -n 's/^release: //p')
src_release=$(cat "$SRC/src/version" 2>/dev/null || echo "?")
if [ "$release" != "$src_release" ]; then
  die "/usr/bin/rustc is $release but the std source in $SRC says $src_release (src/version)"
fi
echo "rustc $release (rustc-web $v_rustc), std source $src_release, $(/usr/bin/cargo -V)"
step_end

# ---------------------------------------------------------------- one bin folder for every target
# cargo, rustc and rustdoc must be Debian's, ahead of rustup's proxies (whose 1.95 cannot build this std,
# and whose rustdoc fails doc-tests with E0514). The cross tools are linked here too, so PATH is the same
# whichever targets were installed: cargo rebuilds std when PATH changes.
mkdir -p "$BIN"
for t in cargo rustc rustdoc; do ln -sfn "/usr/bin/$t" "$BIN/$t"; done

# ---------------------------------------------------------------- windows
if ((want_windows)); then
  step_start "Wine prefix with the bcryptprimitives.dll stand-in"
  WINE=/usr/lib/wine/wine64
  [ -x "$WINE" ] || die "$WINE is missing (Debian's wine64 package puts it there)"
  ln -sfn "$WINE" "$BIN/wine64"
  ln -sfn /usr/lib/wine/wineserver64 "$BIN/wineserver"
  DLL=$CROSS/bcryptprimitives.dll
  DLL_SRC=$ROOT/scripts/wine/bcryptprimitives.c
  src_sha=$(sha256sum "$DLL_SRC" | cut -d' ' -f1)
  if [ "$(cat "$DLL.src-sha256" 2>/dev/null)" != "$src_sha" ] || [ ! -f "$DLL" ]; then
    x86_64-w64-mingw32-gcc -O2 -Wall -Werror -shared -s -o "$DLL" "$DLL_SRC" -ladvapi32
    echo "$src_sha" >"$DLL.src-sha256"
    echo "built $DLL"
  fi
  export WINEPREFIX=$WINEPREFIX_DIR WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
  SYS32=$WINEPREFIX/drive_c/windows/system32
  if [ ! -f "$WINEPREFIX/.hyoka-ready" ] || [ ! -f "$SYS32/kernel32.dll" ]; then
    rm -rf "$WINEPREFIX"
    "$WINE" wineboot --init >/dev/null 2>&1 || true
    /usr/lib/wine/wineserver64 -w
    [ -f "$SYS32/kernel32.dll" ] || die "wineboot did not create the prefix $WINEPREFIX"
    touch "$WINEPREFIX/.hyoka-ready"
  fi
  cmp -s "$DLL" "$SYS32/bcryptprimitives.dll" || cp "$DLL" "$SYS32/bcryptprimitives.dll"
  # Check that a program can load the stand-in and get random bytes from it, as Rust's std will.
  probe=$CROSS/prng-probe.exe
  if [ ! -f "$probe" ] || [ "$probe" -ot "$DLL" ]; then
    cat >"$CROSS/prng-probe.c" <<'EOF'
#include <windows.h>
#include <stdio.h>
typedef BOOL(WINAPI *prng_fn)(PBYTE, SIZE_T);
int main(void) {
    HMODULE m = LoadLibraryA("bcryptprimitives.dll");
    prng_fn f = m ? (prng_fn)GetProcAddress(m, "ProcessPrng") : NULL;
    BYTE a[32] = {0}, b[32] = {0};
    if (!f || !f(a, sizeof a) || !f(b, sizeof b) || memcmp(a, b, sizeof a) == 0) return 1;
    puts("ProcessPrng ok");
    return 0;
}
EOF
    x86_64-w64-mingw32-gcc -O2 -o "$probe" "$CROSS/prng-probe.c"
  fi
  [ "$("$WINE" "$probe" 2>/dev/null | tr -d '\r')" = "ProcessPrng ok" ] ||
    die "the bcryptprimitives.dll stand-in does not work in $WINEPREFIX ($WINE $probe)"
  echo "$("$WINE" --version), prefix $WINEPREFIX: ProcessPrng ok"
  step_end
fi

# ---------------------------------------------------------------- macos
if ((want_macos)); then
  step_start "zig and cargo-zigbuild (PyPI, in $ZIG_VENV)"
  zig_ok() {
    # (outputs are captured before matching: grep -q closing the pipe early fails under pipefail)
    [ -x "$ZIG_VENV/bin/cargo-zigbuild" ] &&
      [[ $("$ZIG_VENV/bin/pip" show ziglang 2>/dev/null) == *"Version: $ZIGLANG_VERSION"* ]] &&
      [ "$("$ZIG_VENV/bin/cargo-zigbuild" --version 2>/dev/null)" = "cargo-zigbuild $CARGO_ZIGBUILD_VERSION" ]
  }
  if ! zig_ok; then
    rm -rf "$ZIG_VENV"
    python3 -m venv "$ZIG_VENV"
    "$ZIG_VENV/bin/pip" install -q --disable-pip-version-check \
      "ziglang==$ZIGLANG_VERSION" "cargo-zigbuild==$CARGO_ZIGBUILD_VERSION"
  fi
  zig_ok || die "cargo-zigbuild $CARGO_ZIGBUILD_VERSION with ziglang $ZIGLANG_VERSION did not install in $ZIG_VENV"
  # cargo-zigbuild looks for `zig` on PATH (or `python3 -m ziglang`); the ziglang wheel has the binary in
  # site-packages only.
  ZIG=$("$ZIG_VENV/bin/python" -c 'import ziglang, os; print(os.path.join(os.path.dirname(ziglang.__file__), "zig"))')
  [ -x "$ZIG" ] || die "no zig binary in the ziglang package ($ZIG)"
  ln -sfn "$ZIG" "$ZIG_VENV/bin/zig"
  ln -sfn "$ZIG" "$BIN/zig"
  ln -sfn "$ZIG_VENV/bin/cargo-zigbuild" "$BIN/cargo-zigbuild"
  echo "zig $("$BIN/zig" version), $("$BIN/cargo-zigbuild" --version)"
  step_end
fi

# ---------------------------------------------------------------- wasm
if ((want_wasm)); then
  step_start "wasm32 linker"
  command -v rust-lld >/dev/null && rust-lld -flavor wasm --version >/dev/null 2>&1 ||
    die "rust-lld (Debian's, a link to lld-22) does not run"
  echo "$(rust-lld -flavor wasm --version | head -1)"
  step_end
  # wasm-bindgen-cli must be the version of the wasm-bindgen crate in Cargo.lock (the bindings' format
  # changes between versions). Built with rustup's toolchain from crates.io, about 5 minutes on two cores;
  # `--locked` fails on a dependency version the registry no longer has.
  WB_VERSION=$(python3 -c 'import tomllib; print(next(p["version"] for p in tomllib.load(open("'"$ROOT"'/Cargo.lock", "rb"))["package"] if p["name"] == "wasm-bindgen"))')
  WB_ROOT=$CACHE/wasm-bindgen-$WB_VERSION
  step_start "wasm-bindgen-cli $WB_VERSION"
  if ! "$WB_ROOT/bin/wasm-bindgen" --version 2>/dev/null | grep -q " $WB_VERSION"; then
    env -u RUSTC -u RUSTDOC -u RUSTC_BOOTSTRAP PATH="$HOME/.cargo/bin:$PATH" \
      cargo install wasm-bindgen-cli --version "$WB_VERSION" --root "$WB_ROOT" ||
      die "cannot build wasm-bindgen-cli $WB_VERSION from crates.io"
  fi
  ln -sf "$WB_ROOT/bin/wasm-bindgen" "$BIN/wasm-bindgen"
  "$BIN/wasm-bindgen" --version
  step_end
fi

# ---------------------------------------------------------------- env file
cat >"$CROSS/env.sh" <<EOF
# written by scripts/cross-toolchain.sh: source it in a subshell before a cross build.
# Debian's compiler builds std for the target from its own source (-Zbuild-std, hence RUSTC_BOOTSTRAP).
export PATH="$BIN:\${PATH#$BIN:}"
export RUSTC=$BIN/rustc RUSTDOC=$BIN/rustdoc RUSTC_BOOTSTRAP=1
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=$BIN/wine64
export WINEPREFIX="$WINEPREFIX_DIR" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
export HYOKA_WINE=$BIN/wine64
EOF
echo "cross-toolchain: done in $(( $(date +%s) - T0 ))s; environment: . $CROSS/env.sh"
cat "$CROSS/env.sh"
