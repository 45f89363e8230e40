#!/usr/bin/env bash
# Sets up what vanthu needs and runs every check: formatting, clippy, unit and integration
# tests (the latter run the real binary on fixtures/ and on ../shared/seeds when present).
# Ends with one line totalling the tests: "tests: N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
cargo fmt --check
cargo clippy --all-targets --quiet -- -D warnings
log=$(mktemp)
status=0
cargo test 2>&1 | tee "$log" || status=$?
passed=$(grep -Eo '[0-9]+ passed' "$log" | awk '{s += $1} END {print s + 0}')
failed=$(grep -Eo '[0-9]+ failed' "$log" | awk '{s += $1} END {print s + 0}')
rm -f "$log"
echo "tests: $passed passed, $failed failed"
exit "$status"
