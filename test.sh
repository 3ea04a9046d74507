#!/usr/bin/env bash
# Runs every test hyoka has, installing what they need first:
#   1. the Rust tests (unit, fixtures, the seed, property tests, CLI and LSP end-to-end over stdio);
#   2. hyoka.exe (built here for x86_64-pc-windows-gnu) under Wine, against the Linux binary;
#   3. the editor tests in real editors: headless Neovim 0.12-dev and VS Code 1.100 (code-server + Chromium);
#   4. the HTML report of `hyoka report` and the browser page dist/hyoka.html (built by scripts/web.sh) in
#      headless Chromium (web/run-tests.sh).
# Needs only the Rust toolchain, gcc, Python 3 and Node on a fresh Debian machine; installs the rest.
set -euo pipefail
cd "$(dirname "$0")"

# The SARIF output is validated against the official schema with Python's jsonschema.
if ! python3 -c 'import jsonschema' 2>/dev/null; then
  echo "==> installing Python jsonschema (SARIF schema validation)"
  python3 -m pip install --quiet jsonschema || { echo "test.sh: cannot install jsonschema with pip" >&2; exit 1; }
fi

echo "==> Rust tests"
cargo test --workspace --lib --bins --tests --examples

echo "==> release build (the server the editor tests start)"
cargo build --release --bin hyoka

echo "==> Windows: hyoka.exe under Wine (scripts/test-windows.sh)"
bash scripts/test-windows.sh

echo "==> editor tests"
bash .ci/editors-setup.sh
editors_rc=0
bash editors/run-tests.sh || editors_rc=$?

echo "==> hyoka in the browser: dist/hyoka.html (scripts/web.sh: the core in WebAssembly)"
bash scripts/web.sh

echo "==> the HTML report and the browser page in Chromium (web/run-tests.sh)"
bash web/run-tests.sh
exit "$editors_rc"
