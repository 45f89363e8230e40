#!/usr/bin/env bash
# The real scans as earlier OCR's output: each PDF of ../shared/scans-real OCR'd by vanthu's
# reader (tesseract `vie`, no restoration) into a text file of the PDF's own name, so that
# `tools/eval_scans.py` scores the records a text file gives against the scans' gold:
#   bash tools/scans_as_text.sh OUT_DIR
#   vanthu ingest --no-progress --archive A OUT_DIR && vanthu export --archive A > F.jsonl
#   python3 tools/eval_scans.py F.jsonl
# (The files are text whatever their names say: vanthu reads a file's kind from its bytes.)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?usage: scans_as_text.sh OUT_DIR}
mkdir -p "$out"
for f in "$here"/../shared/scans-real/*.pdf; do
  "$here/target/release/vanthu" ocr --no-restore "$f" > "$out/$(basename "$f")"
done
