#!/usr/bin/env bash
# Sets up what vanthu needs and runs every check: formatting, clippy, unit and integration
# tests (the latter run the real binary on fixtures/ and on ../shared/seeds when present).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo fmt --check
cargo clippy --all-targets --quiet -- -D warnings
cargo test
