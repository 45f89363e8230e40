#!/usr/bin/env bash
# Rebuilds the bundled language model (dictionaries/vi-syllables.lm and, beside it,
# vi-capitals.tsv, vi-names.tsv) from ../shared/corpus, with one command:
#   bash tools/train_lm.sh [OUT_DIR] [WORK_DIR]     (default: dictionaries, /tmp/vanthu-corpus)
# General text (weight 1): Vietnamese Wikipedia (minus its last 1%, held out) and the Pháp
# điển. The genre's own text
# (--domain, weight 3): the Công báo minus its last 5% of paragraphs, which are held out for
# evaluation (WORK_DIR/congbao-heldout/), the administrative sentences of admin-misc, Decree
# 30/2020, and three in four of ../shared/realdocs (central and provincial documents of
# Nov–Dec 2025: the local register — HĐND, UBND tỉnh, Ban Chỉ đạo — the gazette lacks; every
# fourth file of docs/, sorted, is held out for evaluation, as BENCHMARKS.md's realdocs set).
# Every trigram kept. About a minute on one core, 0.5 GB of memory.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$here/dictionaries}
work=${2:-/tmp/vanthu-corpus}
corpus=$here/../shared/corpus
nd30=$here/../shared/reference/nd30-2020
mkdir -p "$work/congbao-heldout" "$out"
xz -dc "$corpus/legal-congbao.txt.xz" > "$work/congbao.txt"
xz -dc "$corpus/legal-phapdien.txt.xz" > "$work/phapdien.txt"
xz -dc "$corpus/admin-misc.txt.xz" > "$work/admin-misc.txt"
n=$(wc -l < "$work/congbao.txt")
keep=$((n * 95 / 100))
head -n "$keep" "$work/congbao.txt" > "$work/congbao-train.txt"
tail -n +"$((keep + 1))" "$work/congbao.txt" > "$work/congbao-heldout/congbao-heldout.txt"
# Wikipedia's last 1% of paragraphs (its last articles, whole) are held out as general text
# (WORK_DIR/viwiki-heldout/), for the news-like side of restoration.
mkdir -p "$work/viwiki-heldout"
w=$(wc -l < "$corpus/viwiki.txt")
wkeep=$((w * 99 / 100))
head -n "$wkeep" "$corpus/viwiki.txt" > "$work/viwiki-train.txt"
tail -n +"$((wkeep + 1))" "$corpus/viwiki.txt" > "$work/viwiki-heldout/viwiki-heldout.txt"
bin=$here/target/release/vanthu
[ -x "$bin" ] || (cd "$here" && cargo build --release)
realdocs=$here/../shared/realdocs
LC_ALL=C ls -d "$realdocs"/docs/*.txt | awk 'NR % 4 != 0' > "$work/realdocs-train.list"
LC_ALL=C ls -d "$realdocs"/headless/*.txt >> "$work/realdocs-train.list"
xargs cat < "$work/realdocs-train.list" > "$work/realdocs-train.txt"
domain=()
for f in "$work/congbao-train.txt" "$work/admin-misc.txt" "$nd30"/*.md "$work/realdocs-train.txt"; do
  domain+=(--domain "$f")
done
"$bin" train-lm "$work/viwiki-train.txt" "$work/phapdien.txt" "${domain[@]}" \
  --domain-weight "${DOMAIN_WEIGHT:-3}" --min-trigram 1 -o "$out/vi-syllables.lm"
