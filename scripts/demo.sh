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
$v show 212/KH-UBND
$v search nghi quyet kinh te so nong thon
$v trace 91-NQ/TW
# Scans of some of the same documents (PNG, TIFF, JPEG, image-only, born-digital and signed
# PDFs), OCR'd into an archive of their own, each scan also written back as a searchable
# PDF/A with its SHA-256:
$v ingest --archive "$VANTHU_ARCHIVE-scans" --pdf-out "$VANTHU_ARCHIVE-pdfa" fixtures/scans fixtures/signed
$v show --archive "$VANTHU_ARCHIVE-scans" 1875/UBND-KT
set +x
# The archive in a browser (read-only; Ctrl-C stops the server):
echo
echo "Open the archive in a browser:  $v serve --archive $VANTHU_ARCHIVE   then  http://127.0.0.1:8080/"
