#!/usr/bin/env bash
# What a little text of the genre does for restoration: two-fold cross-validation over the
# project's own typed fixtures (fixtures/docs, written for vanthu; never ../shared/seeds).
# Each fold restores one half, stripped of its marks, with
#   - the bundled model;
#   - a model retrained on Wikipedia + Decree 30/2020 + the other half as --domain text;
#   - the bundled model adapted to the other half with `vanthu adapt-lm` (no general corpus),
#     at each --strength of STRENGTHS (default: the command's own default).
#   bash tools/adapt_cv.sh [WORK_DIR]        STRENGTHS="10 100 1000" bash tools/adapt_cv.sh
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-/tmp/vanthu-adapt}
cd "$here"
cargo build --release --bins --examples -q
nd=../shared/reference/nd30-2020
docs=(fixtures/docs/*.txt)
half=$(( ${#docs[@]} / 2 ))
score() { # dictionaries dir, test dir → the stripped score
  VANTHU_DICTIONARIES=$1 target/release/examples/eval_restore "$2" | grep '^| 1\.' | cut -d'|' -f5 | tr -d ' *'
}
fold() { # name, training files..., --, test files...
  local name=$1; shift
  local dir=$work/$name; rm -rf "$dir"; mkdir -p "$dir/retrained" "$dir/adapted" "$dir/test"
  cp dictionaries/* "$dir/retrained/"; cp dictionaries/* "$dir/adapted/"
  local train=()
  while [ "$1" != -- ]; do train+=("$1"); shift; done; shift
  cp "$@" "$dir/test/"
  target/release/vanthu train-lm ../shared/corpus/viwiki.txt \
    $(for f in "$nd"/*.md "${train[@]}"; do echo --domain "$f"; done) \
    -o "$dir/retrained/vi-syllables.lm" >/dev/null
  echo "$name: bundled $(score dictionaries "$dir/test"), retrained $(score "$dir/retrained" "$dir/test")"
  for s in ${STRENGTHS:-default}; do
    local opt=(); [ "$s" = default ] || opt=(--strength "$s")
    target/release/vanthu adapt-lm "${train[@]}" "${opt[@]}" -o "$dir/adapted/vi-syllables.lm" >/dev/null
    echo "$name: adapt-lm (strength $s) $(score "$dir/adapted" "$dir/test")"
  done
}
fold fixtures-01-05-held-out "${docs[@]:$half}" -- "${docs[@]:0:$half}"
fold fixtures-06-10-held-out "${docs[@]:0:$half}" -- "${docs[@]:$half}"
