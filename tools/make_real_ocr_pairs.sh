#!/usr/bin/env bash
# Pairs of real OCR for the confusion channel: each scan of ../shared/scans-real read by
# vanthu's OCR with the Vietnamese model (the truth: its words are right but for 1–2% of
# characters) and with the English one (what old archive OCR wrote), without restoration.
# The scans alternate between a training half and an evaluation half (sorted by name):
#   bash tools/make_real_ocr_pairs.sh TRAIN_DIR EVAL_DIR
# → TRAIN_DIR/rNNN.gt.txt, rNNN.ocr.txt (even scans); EVAL_DIR/… (odd scans), and
#   EVAL_DIR/seeds/rNNN.txt (the truth again, for eval_restore's first argument).
set -euo pipefail
train=${1:?TRAIN_DIR}; eval=${2:?EVAL_DIR}
here=$(cd "$(dirname "$0")/.." && pwd)
bin=$here/target/release/vanthu
mkdir -p "$train" "$eval/seeds"
i=0
for f in $(ls "$here"/../shared/scans-real/*.pdf | sort); do
  if [ $((i % 2)) -eq 0 ]; then d=$train; else d=$eval; fi
  n=$(printf "r%03d" $i)
  "$bin" ocr --no-restore --lang vie "$f" > "$d/$n.gt.txt" 2>/dev/null
  "$bin" ocr --no-restore --lang eng "$f" > "$d/$n.ocr.txt" 2>/dev/null
  [ "$d" = "$eval" ] && cp "$d/$n.gt.txt" "$eval/seeds/$n.txt"
  i=$((i + 1))
done
