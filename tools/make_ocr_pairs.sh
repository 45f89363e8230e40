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
python3 - "$shared" "$out/src" "$pages" <<'PY'
import sys, os, re, random
shared, out, pages = sys.argv[1], sys.argv[2], int(sys.argv[3])
random.seed(7)
def lines_of(path):
    with open(path, encoding='utf-8') as f:
        for l in f:
            l = re.sub(r'[|*#`>]+', ' ', l).strip()
            if len(l) > 20:
                yield l
nd = []
for name in sorted(os.listdir(f'{shared}/reference/nd30-2020')):
    nd.extend(lines_of(f'{shared}/reference/nd30-2020/{name}'))
wiki = []
with open(f'{shared}/corpus/viwiki.txt', encoding='utf-8') as f:
    for i, l in enumerate(f):
        if i % 997 == 0 and 80 < len(l) < 1500:
            wiki.append(l.strip())
        if len(wiki) > pages * 12:
            break
n = 0
for src in (nd, wiki):
    for p in range(pages):
        start = (p * 12) % max(1, len(src) - 12)
        chunk = src[start:start + 12]
        with open(f'{out}/{n:03d}.txt', 'w', encoding='utf-8') as f:
            f.write('\n'.join(chunk) + '\n')
        n += 1
PY
ls "$out"/src/*.txt | xargs -P 2 -I{} sh -c '
  b=$(basename {} .txt); d=$(dirname {})/..
  python3 '"$shared"'/tools/render_scan.py {} "$d/$b.tif" --noise 1 --seed "${b#0}" >/dev/null 2>&1 &&
  mv "$d/$b.tif.gt.txt" "$d/$b.gt.txt" 2>/dev/null || true
  [ -f "$d/$b.gt.txt" ] || cp {} "$d/$b.gt.txt"
  tesseract "$d/$b.tif" - -l eng 2>/dev/null > "$d/$b.ocr.txt"
  rm -f "$d/$b.tif"'
echo "pairs in $out: $(ls "$out"/*.ocr.txt | wc -l)"
