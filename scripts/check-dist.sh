#!/usr/bin/env bash
# Checks what scripts/dist.sh wrote (it runs this at the end):
#
#   scripts/check-dist.sh [DIST]        (default: dist/)
#
# - exactly the expected files, for the version in Cargo.toml, and SHA256SUMS covering each of them;
# - each archive holds exactly its files (binary, README.ja.md, both licences, the macOS note) with the
#   repository's texts, and its binary has the right format (`file`): PE32+ x86-64, ELF x86-64, Mach-O
#   arm64, Mach-O x86_64; hyoka.exe imports no MinGW DLL; the Mach-O binaries load only macOS's own
#   libraries, ask for macOS 11 (arm64) or 10.12 (x86_64), and the arm64 one is (ad hoc) signed, as Apple
#   silicon requires;
# - each .vsix holds exactly one server, the one of its platform (byte for byte the archive's binary,
#   named hyoka.exe for win32), says that platform in its manifest, and has no other native file; the
#   universal .vsix has no server and no target platform.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIST=$(cd "${1:-$ROOT/dist}" && pwd)
VERSION=$(python3 -c 'import sys, tomllib; print(tomllib.load(open(sys.argv[1], "rb"))["package"]["version"])' "$ROOT/Cargo.toml")
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

fails=0 oks=0
ok() { oks=$((oks + 1)); echo "ok    $*"; }
bad() { fails=$((fails + 1)); echo "FAIL  $*"; }
check() { # check DESCRIPTION COMMAND...
  local what=$1; shift
  if "$@"; then ok "$what"; else bad "$what"; fi
}

P=hyoka-$VERSION
WIN=$P-x86_64-pc-windows-gnu.zip
LINUX=$P-x86_64-unknown-linux-gnu.tar.gz
MAC_ARM=$P-aarch64-apple-darwin.tar.gz
MAC_X64=$P-x86_64-apple-darwin.tar.gz
VSIX=(hyoka-win32-x64.vsix hyoka-linux-x64.vsix hyoka-darwin-arm64.vsix hyoka-darwin-x64.vsix hyoka.vsix)
EXPECTED=("$WIN" "$LINUX" "$MAC_ARM" "$MAC_X64" "${VSIX[@]}" hyoka.html SHA256SUMS)

echo "==> check-dist: $DIST (version $VERSION)"

# ---------------------------------------------------------------- the file list and the sums
have=$(cd "$DIST" && ls -A | sort)
want=$(printf '%s\n' "${EXPECTED[@]}" | sort)
check "dist/ holds exactly: ${EXPECTED[*]}" [ "$have" = "$want" ]
sums_cover() { [ "$(cut -d' ' -f3- "$DIST/SHA256SUMS" | sort)" = "$(printf '%s\n' "${EXPECTED[@]}" | grep -vx SHA256SUMS | sort)" ]; }
check "SHA256SUMS lists every artefact once" sums_cover
check "SHA256SUMS matches the files" bash -c "cd '$DIST' && sha256sum --quiet -c SHA256SUMS"

# ---------------------------------------------------------------- archives
# unpack ARCHIVE → TMP/NAME; prints nothing
unpack() {
  local a=$1 d=$TMP/$1
  mkdir -p "$d"
  case $a in
    *.zip | *.vsix) unzip -q "$DIST/$a" -d "$d" ;;
    *.tar.gz) tar xzf "$DIST/$a" -C "$d" ;;
  esac
  echo "$d"
}
listing() { (cd "$1" && find . -type f | sed 's|^\./||' | sort); }
same_as_repo() { # same_as_repo FOLDER: README.ja.md and both licences are the repository's
  cmp -s "$1/README.ja.md" "$ROOT/README.ja.md" && cmp -s "$1/LICENSE-MIT" "$ROOT/LICENSE-MIT" &&
    cmp -s "$1/LICENSE-APACHE" "$ROOT/LICENSE-APACHE"
}
file_is() { # file_is FILE REGEX
  local got
  got=$(file -b "$1")
  if [[ $got =~ $2 ]]; then return 0; fi
  echo "      $(basename "$1"): $got" >&2
  return 1
}
# What a Mach-O binary says of itself, one `key value` a line: `dylib PATH` for each library it loads,
# `minos X.Y` (LC_BUILD_VERSION or LC_VERSION_MIN_MACOSX), `signed yes` with an LC_CODE_SIGNATURE.
macho_info() {
  python3 - "$1" <<'EOF'
import struct, sys
b = open(sys.argv[1], "rb").read()
magic, = struct.unpack_from("<I", b, 0)
assert magic == 0xFEEDFACF, "not a 64-bit little-endian Mach-O file"
ncmds, = struct.unpack_from("<I", b, 16)
off = 32
for _ in range(ncmds):
    cmd, size = struct.unpack_from("<II", b, off)
    if cmd in (0xC, 0x80000018, 0x8000001F):  # LC_LOAD_DYLIB, LC_LOAD_WEAK_DYLIB, LC_REEXPORT_DYLIB
        name_off, = struct.unpack_from("<I", b, off + 8)
        print("dylib", b[off + name_off:off + size].split(b"\0")[0].decode())
    elif cmd in (0x32, 0x24):  # LC_BUILD_VERSION (platform, minos), LC_VERSION_MIN_MACOSX (version)
        v, = struct.unpack_from("<I", b, off + (12 if cmd == 0x32 else 8))
        print(f"minos {v >> 16}.{(v >> 8) & 0xFF}")
    elif cmd == 0x1D:  # LC_CODE_SIGNATURE
        print("signed yes")
    off += size
EOF
}
macos_libraries_only() {
  local libs
  libs=$(macho_info "$1" | sed -n 's/^dylib //p') || return 1
  echo "      loads: $(echo $libs)"
  echo "$libs" | grep -qx '/usr/lib/libSystem\.B\.dylib' && ! echo "$libs" | grep -qvE '^(/usr/lib|/System/Library)/'
}
macos_minimum() { # macos_minimum FILE X.Y
  local v
  v=$(macho_info "$1" | sed -n 's/^minos //p')
  echo "      minimum macOS: $v"
  [ "$v" = "$2" ]
}
signed() { [ "$(macho_info "$1" | sed -n 's/^signed //p')" = yes ]; }
no_mingw_dlls() {
  local dlls
  dlls=$(x86_64-w64-mingw32-objdump -p "$1" | sed -n 's/^\s*DLL Name: //p' | sort -fu)
  echo "      imports: $(echo $dlls)"
  [ -n "$dlls" ] && ! echo "$dlls" | grep -qiE '^(lib|mingw|msys|cyg)'
}

declare -A BINARY_SHA
# Windows: a flat zip (Explorer's "Extract all" makes the folder).
if [ -f "$DIST/$WIN" ]; then
  d=$(unpack "$WIN")
  check "$WIN holds hyoka.exe, README.ja.md, LICENSE-MIT, LICENSE-APACHE" \
    [ "$(listing "$d" | tr '\n' ' ')" = "LICENSE-APACHE LICENSE-MIT README.ja.md hyoka.exe " ]
  check "$WIN: texts are the repository's" same_as_repo "$d"
  check "$WIN: hyoka.exe is PE32+ x86-64 console" file_is "$d/hyoka.exe" '^PE32\+ executable \(console\) x86-64'
  check "$WIN: hyoka.exe imports only system DLLs" no_mingw_dlls "$d/hyoka.exe"
  BINARY_SHA[win32-x64]=$(sha256sum <"$d/hyoka.exe" | cut -d' ' -f1)
fi
# Linux and macOS: tar.gz with a top folder named like the archive.
for a in "$LINUX" "$MAC_ARM" "$MAC_X64"; do
  [ -f "$DIST/$a" ] || continue
  d=$(unpack "$a")
  top=${a%.tar.gz}
  expect="$top/LICENSE-APACHE $top/LICENSE-MIT $top/README.ja.md $top/hyoka "
  case $a in *apple-darwin*) expect="$top/LICENSE-APACHE $top/LICENSE-MIT $top/README.ja.md $top/README.macOS.txt $top/hyoka " ;; esac
  check "$a holds $expect" [ "$(listing "$d" | tr '\n' ' ')" = "$expect" ]
  check "$a: texts are the repository's" same_as_repo "$d/$top"
  check "$a: hyoka is executable" [ -x "$d/$top/hyoka" ]
  case $a in
    *linux*)
      check "$a: hyoka is ELF x86-64" file_is "$d/$top/hyoka" '^ELF 64-bit LSB (pie )?executable, x86-64'
      BINARY_SHA[linux-x64]=$(sha256sum <"$d/$top/hyoka" | cut -d' ' -f1) ;;
    *aarch64-apple*)
      check "$a: hyoka is Mach-O arm64" file_is "$d/$top/hyoka" '^Mach-O 64-bit arm64 executable'
      check "$a: hyoka loads only macOS's libraries" macos_libraries_only "$d/$top/hyoka"
      check "$a: hyoka asks for macOS 11.0" macos_minimum "$d/$top/hyoka" 11.0
      check "$a: hyoka is signed (ad hoc), as arm64 code must be" signed "$d/$top/hyoka"
      check "$a: README.macOS.txt says the build was not run" grep -q "not run" "$d/$top/README.macOS.txt"
      BINARY_SHA[darwin-arm64]=$(sha256sum <"$d/$top/hyoka" | cut -d' ' -f1) ;;
    *x86_64-apple*)
      check "$a: hyoka is Mach-O x86_64" file_is "$d/$top/hyoka" '^Mach-O 64-bit x86_64 executable'
      check "$a: hyoka loads only macOS's libraries" macos_libraries_only "$d/$top/hyoka"
      check "$a: hyoka asks for macOS 10.12" macos_minimum "$d/$top/hyoka" 10.12
      check "$a: README.macOS.txt says the build was not run" grep -q "not run" "$d/$top/README.macOS.txt"
      BINARY_SHA[darwin-x64]=$(sha256sum <"$d/$top/hyoka" | cut -d' ' -f1) ;;
  esac
done

# ---------------------------------------------------------------- .vsix
# Native files anywhere in an unpacked folder (executables, shared objects, .node addons).
natives() { (cd "$1" && find . -type f -print0 | xargs -0 file -N -F $'\t' |
  grep -E $'\t ?(ELF|PE32|Mach-O|MS-DOS executable)' | cut -f1 | sed 's|^\./||' | sort); }
target_platform() { sed -n 's/.*TargetPlatform="\([^"]*\)".*/\1/p' "$1/extension.vsixmanifest"; }
for v in "${VSIX[@]}"; do
  [ -f "$DIST/$v" ] || continue
  d=$(unpack "$v")
  platform=${v#hyoka-}; platform=${platform%.vsix}
  [ "$v" = hyoka.vsix ] && platform=
  check "$v: has the extension's code" [ -f "$d/extension/dist/extension.js" -a -f "$d/extension/package.json" ]
  servers=$(cd "$d" && { find extension/server -type f 2>/dev/null || true; } | sort | tr '\n' ' ')
  if [ -z "$platform" ]; then
    check "$v: no server inside" [ -z "$servers" ]
    check "$v: no target platform in the manifest" [ -z "$(target_platform "$d")" ]
    check "$v: no native file at all" [ -z "$(natives "$d")" ]
    continue
  fi
  exe=hyoka; [[ $platform == win32-* ]] && exe=hyoka.exe
  check "$v: exactly one server, extension/server/$exe" [ "$servers" = "extension/server/$exe " ]
  check "$v: manifest says TargetPlatform=$platform" [ "$(target_platform "$d")" = "$platform" ]
  if [ -f "$d/extension/server/$exe" ]; then
    check "$v: its server is the $platform binary of the archive" \
      [ "$(sha256sum <"$d/extension/server/$exe" | cut -d' ' -f1)" = "${BINARY_SHA[$platform]:-none}" ]
  fi
  check "$v: no native file besides the server" [ "$(natives "$d" | tr '\n' ' ')" = "extension/server/$exe " ]
done

echo "check-dist: $oks passed, $fails failed"
((fails == 0))
