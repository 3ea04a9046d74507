#!/usr/bin/env bash
# Builds the release artefacts for Windows, Linux and macOS into dist/, then checks them
# (scripts/check-dist.sh):
#
#   hyoka-VERSION-x86_64-pc-windows-gnu.zip       hyoka.exe, README.ja.md, LICENSE-MIT, LICENSE-APACHE
#   hyoka-VERSION-x86_64-unknown-linux-gnu.tar.gz hyoka-VERSION-…/hyoka and the same texts
#   hyoka-VERSION-aarch64-apple-darwin.tar.gz     the same, plus README.macOS.txt: built here, never run
#   hyoka-VERSION-x86_64-apple-darwin.tar.gz      the same
#   hyoka-win32-x64.vsix, hyoka-linux-x64.vsix,   the VS Code extension with that platform's server inside
#   hyoka-darwin-arm64.vsix, hyoka-darwin-x64.vsix
#   hyoka.vsix                                    the extension without a server (hyoka.path or PATH)
#   hyoka.html                                    hyoka in the browser, one offline file (scripts/web.sh)
#   SHA256SUMS
#
# VERSION is the hyoka package's version in Cargo.toml. The Linux binary is the normal release build
# (rustup's toolchain, target/release); the others are built with Debian's compiler and -Zbuild-std
# (scripts/cross-toolchain.sh installs it) in target/cross/windows and target/cross/macos, so that neither
# invalidates the other. The macOS binaries are linked with zig (cargo-zigbuild); nothing here can run them.
# Archives are reproducible for a given commit (sorted, owner 0, mtime of the last commit).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
CACHE=${HYOKA_CROSS_CACHE:-${HOME:-/root}/.cache/hyoka-ci}
ENV=$CACHE/cross/env.sh
VERSION=$(python3 -c 'import tomllib; print(tomllib.load(open("Cargo.toml", "rb"))["package"]["version"])')
DIST=$ROOT/dist
EPOCH=$(git log -1 --format=%ct 2>/dev/null || date +%s)
WIN_TARGET=x86_64-pc-windows-gnu
MAC_TARGETS=(aarch64-apple-darwin x86_64-apple-darwin)
# The oldest macOS each binary runs on (zig would otherwise write its own default, macOS 15): Rust's own
# minimums for the two targets.
declare -A MACOS_MIN=([aarch64-apple-darwin]=11.0 [x86_64-apple-darwin]=10.12)

T0=$(date +%s)
step_start() { STEP=$1; STEP_T=$(date +%s); echo "==> [dist] $STEP"; }
step_end() { echo "<== [dist] $STEP: $(( $(date +%s) - STEP_T ))s"; }

bash scripts/cross-toolchain.sh windows macos

# ---------------------------------------------------------------- binaries
step_start "linux x86_64 (rustup's toolchain, target/release)"
env -u RUSTC -u RUSTDOC -u RUSTC_BOOTSTRAP cargo build --release --bin hyoka
LINUX_BIN=$ROOT/target/release/hyoka
step_end

step_start "windows x86_64 (Debian's rustc, -Zbuild-std, target/cross/windows)"
(. "$ENV" && cargo build --release -Zbuild-std=std,panic_abort --target "$WIN_TARGET" \
  --target-dir target/cross/windows --bin hyoka)
WIN_BIN=$ROOT/target/cross/windows/$WIN_TARGET/release/hyoka.exe
step_end

for t in "${MAC_TARGETS[@]}"; do
  step_start "macOS $t, for macOS ${MACOS_MIN[$t]} and later (cargo-zigbuild, -Zbuild-std, target/cross/macos; not run)"
  (. "$ENV" && MACOSX_DEPLOYMENT_TARGET=${MACOS_MIN[$t]} cargo-zigbuild build --release \
    -Zbuild-std=std,panic_abort --target "$t" --target-dir target/cross/macos --bin hyoka)
  step_end
done

# ---------------------------------------------------------------- archives
step_start "archives"
rm -rf "$DIST"
mkdir -p "$DIST"
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
texts() { cp README.ja.md LICENSE-MIT LICENSE-APACHE "$1/"; }
tgz() { # tgz FOLDER-IN-STAGE OUT
  tar --sort=name --mtime="@$EPOCH" --owner=0 --group=0 --numeric-owner --mode='u+rwX,go+rX,go-w' \
    -C "$STAGE" -cf - "$1" | gzip -n -9 >"$2"
}
# Windows: a flat zip, since Explorer's "Extract all" makes a folder of its own.
mkdir "$STAGE/win"
cp "$WIN_BIN" "$STAGE/win/hyoka.exe"
texts "$STAGE/win"
python3 - "$STAGE/win" "$DIST/hyoka-$VERSION-$WIN_TARGET.zip" "$EPOCH" <<'EOF'
import os, sys, time, zipfile
src, out, epoch = sys.argv[1], sys.argv[2], int(sys.argv[3])
stamp = time.gmtime(max(epoch, 315532800))[:6]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for name in sorted(os.listdir(src)):
        info = zipfile.ZipInfo(name, stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        with open(os.path.join(src, name), "rb") as f:
            z.writestr(info, f.read())
EOF
top=hyoka-$VERSION-x86_64-unknown-linux-gnu
mkdir "$STAGE/$top"
install -m 755 "$LINUX_BIN" "$STAGE/$top/hyoka"
texts "$STAGE/$top"
tgz "$top" "$DIST/$top.tar.gz"
for t in "${MAC_TARGETS[@]}"; do
  top=hyoka-$VERSION-$t
  mkdir "$STAGE/$top"
  install -m 755 "target/cross/macos/$t/release/hyoka" "$STAGE/$top/hyoka"
  texts "$STAGE/$top"
  cat >"$STAGE/$top/README.macOS.txt" <<EOF
hyoka $VERSION for macOS ($t)

This build was made on Linux (Debian's Rust compiler, linked with zig through cargo-zigbuild) and was
not run: nothing on the machine that built it can run macOS programs. It is a Mach-O executable for
macOS ${MACOS_MIN[$t]} and later that loads only macOS's own libraries (libSystem, libiconv). It is not
signed by a developer, so Gatekeeper may refuse to open it. If it does, run once:
  xattr -d com.apple.quarantine ./hyoka
If it fails in any other way, build hyoka on the Mac instead: install Rust from rustup.rs and run
cargo build --release in a clone of the repository (README.md, "Windows and macOS builds").

この macOS 版（macOS ${MACOS_MIN[$t]} 以降用）は Linux 上で作ったもので、macOS では一度も実行していません
（作成した環境では macOS のプログラムを動かせないため）。開発者の署名がないため、Gatekeeper が開くのを
止めることがあります。
そのときは一度だけ次を実行してください:  xattr -d com.apple.quarantine ./hyoka
それでも動かないときは、Mac 上で rustup.rs から Rust を入れ、リポジトリで cargo build --release を
実行して作ってください。
EOF
  tgz "$top" "$DIST/$top.tar.gz"
done
step_end

# ---------------------------------------------------------------- VS Code extension
step_start "VS Code extension: one .vsix per platform, and one without a server"
EXT=$ROOT/editors/vscode
if [ ! -f "$EXT/node_modules/@vscode/vsce/vsce" ] || [ ! -d "$EXT/node_modules/esbuild" ]; then
  (cd "$EXT" && npm ci --no-audit --no-fund --loglevel=error)
fi
vsix() { # vsix PLATFORM BINARY
  node "$EXT/scripts/package.mjs" --target "$1" --server "$2" --out "$DIST/hyoka-$1.vsix"
}
vsix win32-x64 "$WIN_BIN"
vsix linux-x64 "$LINUX_BIN"
vsix darwin-arm64 "$ROOT/target/cross/macos/aarch64-apple-darwin/release/hyoka"
vsix darwin-x64 "$ROOT/target/cross/macos/x86_64-apple-darwin/release/hyoka"
node "$EXT/scripts/package.mjs" --universal --out "$DIST/hyoka.vsix"
rm -rf "$EXT/server" # package.mjs leaves the last server it bundled there
step_end

step_start "the browser page (scripts/web.sh)"
bash scripts/web.sh
step_end

(cd "$DIST" && sha256sum -- * >"$STAGE/SHA256SUMS" && mv "$STAGE/SHA256SUMS" SHA256SUMS)
echo "==> [dist] $DIST ($(( $(date +%s) - T0 ))s)"
(cd "$DIST" && ls -l --time-style=+ | tail -n +2 | awk '{printf "  %12s  %s\n", $5, $NF}')
bash scripts/check-dist.sh "$DIST"
