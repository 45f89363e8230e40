#!/usr/bin/env bash
# The evaluation half of ../shared/scans-real OCR'd with the English model again, as another
# scanner and another engine's set-up would give it: rendered at DPI and turned grey by
# luminance (the red seal kept), never seen by the channel. The truth is the evaluation half's
# (tools/make_real_ocr_pairs.sh, then tools/truth_corrections.py apply):
#   bash tools/make_real_ocr_variant.sh OUT_DIR DPI TRUTH_DIR [LANG]
# LANG (default eng) is the tesseract model: another language's (`fra`, `por`, `spa`, `deu`,
# with `apt-get install tesseract-ocr-{fra,por,spa,deu}`) writes the marks it knows (ê, ô, à,
# ã, ä, ö, ü, ı) where English OCR writes é and o: an engine whose confusions the channel
# never saw.
#   cargo run --release --example eval_restore -- TRUTH_DIR/seeds OUT_DIR
# HALF `train` reads the training half (even scans) instead, the truth its Vietnamese OCR
# (TRUTH_DIR = make_real_ocr_pairs.sh's TRAIN_DIR): pairs for the channel at another
# resolution, never the evaluation half:
#   bash tools/make_real_ocr_variant.sh /tmp/real-train200 200 /tmp/real-train eng train
set -euo pipefail
out=${1:?OUT_DIR}; dpi=${2:?DPI}; truth=${3:?TRUTH_DIR}; lang=${4:-eng}; half=${5:-eval}
# Which scans: the evaluation half's are odd, the training half's even.
case $half in eval) parity=1 ;; train) parity=0 ;;
  *) echo "HALF is eval or train" >&2; exit 2 ;; esac
here=$(cd "$(dirname "$0")/.." && pwd)
bin=$here/target/release/vanthu
mkdir -p "$out"
i=0
for f in $(ls "$here"/../shared/scans-real/*.pdf | sort); do
  n=$(printf "r%03d" $i)
  # A scan has a truth where TRUTH_DIR has its rNNN.gt.txt (truth_corrections.py apply
  # writes seeds/rNNN.txt beside each).
  if [ $((i % 2)) -eq "$parity" ] && [ -f "$truth/$n.gt.txt" ]; then
    "$bin" ocr --no-restore --lang "$lang" --dpi "$dpi" --grey luma "$f" > "$out/$n.ocr.txt" 2>/dev/null
    cp "$truth/$n.gt.txt" "$out/$n.gt.txt"
  fi
  i=$((i + 1))
done
