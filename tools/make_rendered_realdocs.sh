#!/usr/bin/env bash
# Renders 40 realdocs (every fourth of ../shared/realdocs/docs from the K-th, under 12,000
# characters) as noisy stamped scans and OCRs each with the English and the Vietnamese model:
# extraction from OCR across many bodies' layouts (tools/eval_ocr_extract.py), and image-only
# PDFs for `vanthu ingest` (tools/eval_ingest_rendered.py). K=2 was the dev set of session
# 45, K=3 its held-out one. K=4 is the rest: 40 of the realdocs no draw 0–3 holds, under
# 30,000 characters (longer documents, their signer and recipients pages after the first),
# held out in session 48. K=5 is every realdoc no draw 0–4 holds (33, most of them long): each
# cut to its first 9,000 and its last 6,000 characters (at line ends), so that its header, its
# signer and its recipients are drawn, and rendered as from another scanner (more noise, a
# skew of a few tenths of a degree, 250 dpi); held out in session 49.
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
# The documents K=4 takes: no draw 0–3 holds them, under 30,000 characters.
fourth() {
  for d in 0 1 2 3; do draw $d; done | sort | comm -23 <(ls "$docs" | sort) - |
    while read -r f; do [ "$(wc -c < "$docs/$f")" -lt 30000 ] && echo "$f"; done | awk 'NR <= 40'
}
# K=5: a long text's first 9,000 and last 6,000 characters, cut at line ends (a short one whole).
cut() {
  python3 - "$1" <<'PY'
import sys
t = open(sys.argv[1], encoding="utf-8").read()
if len(t) > 15000:
    head = t[:t.rfind("\n", 0, 9000) + 1]
    tail = t[t.find("\n", len(t) - 6000) + 1:]
    t = head + tail
sys.stdout.write(t)
PY
}
opts=(--noise 1 --stamp)
if [ "$k" = 4 ]; then
  list=$(fourth)
elif [ "$k" = 5 ]; then
  list=$({ for d in 0 1 2 3; do draw $d; done; fourth; } | sort | comm -23 <(ls "$docs" | sort) -)
  opts=(--noise 2 --stamp --dpi 250)
else
  list=$(draw "$k")
fi
i=0
for f in $list; do
  p="$docs/$f"
  i=$((i + 1))
  b=r$((k * 100 + 300 + i))
  if [ "$k" = 5 ]; then cut "$p" > "$out/src/$b.txt"; else cp "$p" "$out/src/$b.txt"; fi
  p="$out/src/$b.txt"
  echo "$b $f" >> "$out/map.txt"
  # K=5: a skew of -0.45 to +0.45 degrees, by the document.
  skew=()
  [ "$k" = 5 ] && skew=(--skew "$(awk -v i="$i" 'BEGIN{printf "%.2f", ((i * 37) % 10 - 4.5) / 10}')")
  python3 "$render" "$p" "$out/$b.tif" "${opts[@]}" "${skew[@]}" --seed "${b#r}" >/dev/null
  mv "$out/$b.tif.gt.txt" "$out/truth/$b.gt.txt"
  tesseract "$out/$b.tif" - -l eng 2>/dev/null > "$out/eng/$b.ocr.txt"
  tesseract "$out/$b.tif" - -l vie 2>/dev/null > "$out/vie/$b.ocr.txt"
  rm -f "$out/$b.tif"
  python3 "$render" "$p" "$out/pdf/$b.pdf" "${opts[@]}" "${skew[@]}" --seed "${b#r}" >/dev/null
  rm -f "$out/pdf/$b.pdf.gt.txt"
  [ $i -ge 40 ] && break
done
echo "$i documents in $out"
