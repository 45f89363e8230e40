#!/usr/bin/env bash
# Makes fixtures/garbled/: fixture documents rendered as noisy scans and OCR'd with the English
# model (garbled "Lai Châu style" text), and typed without marks (stripped), for the restore tests;
# and the first OCR'd with the Portuguese model (`NAME.ocr-por.txt`: an engine whose marks are
# another alphabet's, `Só`, `cúa`; needs `apt-get install tesseract-ocr-por`).
#   bash tools/make_garbled_fixtures.sh
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=$here/fixtures/garbled
mkdir -p "$out"
for n in 03_kh_134_tu_tay_linh 05_kh_58_snnmt; do
  python3 "$here/../shared/tools/render_scan.py" "$here/fixtures/docs/$n.txt" "$out/$n.tif" --noise 1 --seed 3 >/dev/null
  tesseract "$out/$n.tif" - -l eng 2>/dev/null > "$out/$n.ocr.txt"
  if [ "$n" = 03_kh_134_tu_tay_linh ]; then
    tesseract "$out/$n.tif" - -l por 2>/dev/null > "$out/$n.ocr-por.txt"
  fi
  rm -f "$out/$n.tif" "$out/$n.tif.gt.txt"
  python3 - "$here/fixtures/docs/$n.txt" "$out/$n.stripped.txt" <<'PY'
import sys, unicodedata
t = open(sys.argv[1], encoding='utf-8').read()
s = ''.join(c for c in unicodedata.normalize('NFD', t) if not unicodedata.combining(c))
open(sys.argv[2], 'w', encoding='utf-8').write(s.replace('đ', 'd').replace('Đ', 'D'))
PY
done
