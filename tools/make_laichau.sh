#!/usr/bin/env bash
# Renders each seed (../shared/seeds, the evaluation set) as a noisy scan and OCRs it with the
# English model, as archives were OCR'd years ago: the "Lai Châu style" test input. Another
# folder of texts can be given instead (fixtures/docs: a second set, for checking a change
# somewhere other than the evaluation set).
#   bash tools/make_laichau.sh OUT_DIR [TEXT_DIR]  → OUT_DIR/NAME.gt.txt, OUT_DIR/NAME.ocr.txt
set -euo pipefail
out=${1:?OUT_DIR}
here=$(cd "$(dirname "$0")/.." && pwd)
src=$(cd "${2:-$here/../shared/seeds}" && pwd)
mkdir -p "$out"
for f in "$src"/*.txt; do
  b=$(basename "$f" .txt)
  python3 "$here/../shared/tools/render_scan.py" "$f" "$out/$b.tif" --noise 1 >/dev/null
  mv "$out/$b.tif.gt.txt" "$out/$b.gt.txt"
  tesseract "$out/$b.tif" - -l eng 2>/dev/null > "$out/$b.ocr.txt"
  rm -f "$out/$b.tif"
done
