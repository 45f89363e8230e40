#!/usr/bin/env bash
# Makes (truth, English-OCR) page pairs for learning the OCR confusion channel: renders pages of
# training text (Decree 30/2020 and Vietnamese Wikipedia, never ../shared/seeds) with
# ../shared/tools/render_scan.py --noise 1, and OCRs them with `tesseract -l eng`, which mangles
# Vietnamese the way old archive OCR did ("Lai Châu style").
#
#   bash tools/make_ocr_pairs.sh OUT_DIR [PAGES_PER_SOURCE]
# Writes OUT_DIR/NNN.gt.txt (the drawn lines) and OUT_DIR/NNN.ocr.txt (tesseract's output).
set -euo pipefail
out=${1:?OUT_DIR}; pages=${2:-40}
here=$(cd "$(dirname "$0")/.." && pwd)
shared=$here/../shared
mkdir -p "$out/src"
python3 "$here/tools/ocr_pages_text.py" "$shared" "$out/src" "$pages" 997 0 12 12 0
ls "$out"/src/*.txt | xargs -P 2 -I{} sh -c '
  b=$(basename {} .txt); d=$(dirname {})/..
  python3 '"$shared"'/tools/render_scan.py {} "$d/$b.tif" --noise 1 --seed "${b#0}" >/dev/null 2>&1 &&
  mv "$d/$b.tif.gt.txt" "$d/$b.gt.txt" 2>/dev/null || true
  [ -f "$d/$b.gt.txt" ] || cp {} "$d/$b.gt.txt"
  tesseract "$d/$b.tif" - -l eng 2>/dev/null > "$d/$b.ocr.txt"
  rm -f "$d/$b.tif"'
echo "pairs in $out: $(ls "$out"/*.ocr.txt | wc -l)"
