#!/usr/bin/env bash
# More (truth, English-OCR) page pairs for the confusion channel, drawn the way real archive
# scans differ from tools/make_ocr_pairs.sh's one clean look: each page takes, by its number,
# one of six fonts (Termes, Bonum, Pagella, Schola, Heros, DejaVu Serif), 12–14 pt, 200, 240 or
# 300 dpi, noise 0–3 and a little skew, and then one of four kinds of wear — none, JPEG at
# quality 25–50 (an office scanner's "compact" setting), a photocopy (contrast pushed, then
# thresholded and thickened) or a photocopy of a JPEG. Text comes from the same training
# sources (Decree 30/2020 and Vietnamese Wikipedia, other lines than make_ocr_pairs.sh takes),
# never from ../shared/seeds or ../shared/scans-real.
#
#   bash tools/make_varied_ocr_pairs.sh OUT_DIR [PAGES_PER_SOURCE]
# Writes OUT_DIR/vNNN.gt.txt and OUT_DIR/vNNN.ocr.txt.
set -euo pipefail
out=${1:?OUT_DIR}; pages=${2:-50}
here=$(cd "$(dirname "$0")/.." && pwd)
shared=$here/../shared
mkdir -p "$out/src"
# Wikipedia: every 991st line from the 500th (make_ocr_pairs.sh takes every 997th); pages of
# 10 lines, 13 apart, the decree's from its 7th line.
python3 "$here/tools/ocr_pages_text.py" "$shared" "$out/src" "$pages" 991 500 10 13 6 v
cat > "$out/wear.py" <<'PY'
# wear.py IN.tif OUT.png KIND SEED: 0 none, 1 JPEG, 2 photocopy, 3 photocopy of a JPEG
import sys, io, random
from PIL import Image, ImageFilter, ImageOps
src, dst, kind, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
rng = random.Random(seed)
img = Image.open(src).convert('RGB')
dpi = img.info.get('dpi', (300, 300))
def jpeg(im):
    b = io.BytesIO()
    im.save(b, 'JPEG', quality=rng.randint(25, 50))
    return Image.open(io.BytesIO(b.getvalue())).convert('RGB')
def photocopy(im):
    g = ImageOps.autocontrast(im.convert('L'), cutoff=2)
    g = g.point(lambda v: 0 if v < rng.randint(150, 190) else 255)
    if rng.random() < 0.5:
        g = g.filter(ImageFilter.MinFilter(3))   # strokes thicken, counters fill
    return g.convert('RGB')
if kind in (1, 3):
    img = jpeg(img)
if kind in (2, 3):
    img = photocopy(img)
img.save(dst, dpi=dpi)
PY
fonts=(/usr/share/texmf/fonts/opentype/public/tex-gyre/texgyretermes-regular.otf
       /usr/share/texmf/fonts/opentype/public/tex-gyre/texgyrebonum-regular.otf
       /usr/share/texmf/fonts/opentype/public/tex-gyre/texgyrepagella-regular.otf
       /usr/share/texmf/fonts/opentype/public/tex-gyre/texgyreschola-regular.otf
       /usr/share/texmf/fonts/opentype/public/tex-gyre/texgyreheros-regular.otf
       /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf)
dpis=(300 200 240)
export shared out
for f in "$out"/src/*.txt; do
  b=$(basename "$f" .txt); k=$((10#${b#v}))
  skews=(-0.4 -0.2 0 0.2 0.4)
  echo "$f $b ${fonts[k % 6]} $((12 + k % 3)) ${dpis[k % 3]} $((k % 4)) ${skews[k % 5]} $(( (k / 6) % 4 )) $k"
done | xargs -P 2 -L 1 sh -c '
  f=$0; b=$1; font=$2; size=$3; dpi=$4; noise=$5; skew=$6; wear=$7; k=$8
  python3 "$shared/tools/render_scan.py" "$f" "$out/$b.tif" --font "$font" --size "$size" \
    --dpi "$dpi" --noise "$noise" --skew "$skew" --seed "$((1000 + k))" >/dev/null 2>&1 || exit 0
  mv "$out/$b.tif.gt.txt" "$out/$b.gt.txt" 2>/dev/null || cp "$f" "$out/$b.gt.txt"
  python3 "$out/wear.py" "$out/$b.tif" "$out/$b.png" "$wear" "$k"
  tesseract "$out/$b.png" - -l eng 2>/dev/null > "$out/$b.ocr.txt"
  rm -f "$out/$b.tif" "$out/$b.png"'
echo "pairs in $out: $(ls "$out"/*.ocr.txt | wc -l)"
