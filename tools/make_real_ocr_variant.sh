#!/usr/bin/env bash
# The evaluation half of ../shared/scans-real OCR'd with the English model again, as another
# scanner and another engine's set-up would give it: rendered at DPI and turned grey by
# luminance (the red seal kept), never seen by the channel. The truth is the evaluation half's
# (tools/make_real_ocr_pairs.sh, then tools/truth_corrections.py apply):
#   bash tools/make_real_ocr_variant.sh OUT_DIR DPI TRUTH_DIR [LANG]
# LANG (default eng) is the tesseract model: another language's (`fra`, `por`, with
# `apt-get install tesseract-ocr-fra tesseract-ocr-por`) writes the marks it knows (ê, ô, à,
# ã) where English OCR writes é and o: an engine whose confusions the channel never saw.
#   cargo run --release --example eval_restore -- TRUTH_DIR/seeds OUT_DIR
set -euo pipefail
out=${1:?OUT_DIR}; dpi=${2:?DPI}; truth=${3:?TRUTH_DIR}; lang=${4:-eng}
here=$(cd "$(dirname "$0")/.." && pwd)
bin=$here/target/release/vanthu
mkdir -p "$out"
i=0
for f in $(ls "$here"/../shared/scans-real/*.pdf | sort); do
  n=$(printf "r%03d" $i)
  if [ $((i % 2)) -eq 1 ] && [ -f "$truth/seeds/$n.txt" ]; then
    "$bin" ocr --no-restore --lang "$lang" --dpi "$dpi" --grey luma "$f" > "$out/$n.ocr.txt" 2>/dev/null
    cp "$truth/$n.gt.txt" "$out/$n.gt.txt"
  fi
  i=$((i + 1))
done
