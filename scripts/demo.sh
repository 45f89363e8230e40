#!/usr/bin/env bash
# Sets up what vanthu needs, builds it, and runs the main job on the bundled fixtures:
# ingest, then a show, a search and a trace.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo build --release --quiet
v=target/release/vanthu
export VANTHU_ARCHIVE="${VANTHU_ARCHIVE:-$PWD/vanthu-archive}"
set -x
$v ingest fixtures/docs
$v ingest fixtures/scans
$v show 212/KH-UBND
$v show 1875/UBND-KT
$v search nghi quyet kinh te so nong thon
$v trace 91-NQ/TW
