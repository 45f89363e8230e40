#!/usr/bin/env bash
# Renders 40 realdocs (every fourth of ../shared/realdocs/docs from the K-th, under 12,000
# characters) as noisy stamped scans and OCRs each with the English and the Vietnamese model:
# extraction from OCR across many bodies' layouts (tools/eval_ocr_extract.py), and image-only
# PDFs for `vanthu ingest` (tools/eval_ingest_rendered.py). K=2 was the dev set of session
# 45, K=3 its held-out one. K=4 is the rest: 40 of the realdocs no draw 0–3 holds, under
# 30,000 characters (longer documents, their signer and recipients pages after the first),
# held out in session 48.
#   bash tools/make_rendered_realdocs.sh OUT_DIR K
#     → OUT_DIR/truth/rNNN.gt.txt, OUT_DIR/{eng,vie}/rNNN.ocr.txt, OUT_DIR/pdf/rNNN.pdf,
#       OUT_DIR/map.txt (rNNN and the realdoc it is)
set -euo pipefail
out=$(mkdir -p "${1:?OUT_DIR}" && cd "$1" && pwd)
k=${2:?K}
here=$(cd "$(dirname "$0")/.." && pwd)
render="$here/../shared/tools/render_scan.py"
export OMP_THREAD_LIMIT=1
mkdir -p "$out/src" "$out/truth" "$out/eng" "$out/vie" "$out/pdf"
: > "$out/map.txt"
docs="$here/../shared/realdocs/docs"
# The documents of draw K (0–3), or (4) those no draw holds.
draw() {
  local i=0 f
  for f in $(ls "$docs" | awk -v k="$1" 'NR%4==k'); do
    [ "$(wc -c < "$docs/$f")" -lt 12000 ] || continue
    i=$((i + 1))
    echo "$f"
    [ $i -ge 40 ] && break
  done
}
if [ "$k" = 4 ]; then
  list=$(for d in 0 1 2 3; do draw $d; done | sort | comm -23 <(ls "$docs" | sort) - |
    while read -r f; do [ "$(wc -c < "$docs/$f")" -lt 30000 ] && echo "$f"; done)
else
  list=$(draw "$k")
fi
i=0
for f in $list; do
  p="$docs/$f"
  i=$((i + 1))
  b=r$((k * 100 + 300 + i))
  cp "$p" "$out/src/$b.txt"
  echo "$b $f" >> "$out/map.txt"
  python3 "$render" "$p" "$out/$b.tif" --noise 1 --stamp --seed "${b#r}" >/dev/null
  mv "$out/$b.tif.gt.txt" "$out/truth/$b.gt.txt"
  tesseract "$out/$b.tif" - -l eng 2>/dev/null > "$out/eng/$b.ocr.txt"
  tesseract "$out/$b.tif" - -l vie 2>/dev/null > "$out/vie/$b.ocr.txt"
  rm -f "$out/$b.tif"
  python3 "$render" "$p" "$out/pdf/$b.pdf" --noise 1 --stamp --seed "${b#r}" >/dev/null
  rm -f "$out/pdf/$b.pdf.gt.txt"
  [ $i -ge 40 ] && break
done
echo "$i documents in $out"
