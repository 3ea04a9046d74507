#!/usr/bin/env bash
# Runs every test hyoka has, installing what they need first.
set -euo pipefail
cd "$(dirname "$0")"
cargo test --workspace --all-targets
