#!/usr/bin/env bash
# Renders each seed (../shared/seeds, the evaluation set) as a noisy scan and OCRs it with the
# English model, as archives were OCR'd years ago: the "Lai Châu style" test input.
#   bash tools/make_laichau.sh OUT_DIR     → OUT_DIR/NAME.gt.txt, OUT_DIR/NAME.ocr.txt
set -euo pipefail
out=${1:?OUT_DIR}
here=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"
for f in "$here"/../shared/seeds/*.txt; do
  b=$(basename "$f" .txt)
  python3 "$here/../shared/tools/render_scan.py" "$f" "$out/$b.tif" --noise 1 >/dev/null
  mv "$out/$b.tif.gt.txt" "$out/$b.gt.txt"
  tesseract "$out/$b.tif" - -l eng 2>/dev/null > "$out/$b.ocr.txt"
  rm -f "$out/$b.tif"
done
