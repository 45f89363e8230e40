#!/usr/bin/env bash
# What a little text of the genre does for restoration: two-fold cross-validation over the
# project's own typed fixtures (fixtures/docs, written for vanthu; never ../shared/seeds).
# Each fold trains a model on Wikipedia + Decree 30/2020 + half the fixtures (as --domain text,
# like an archive adding its own typed documents) and scores restoring the other half, stripped
# of its marks, against the bundled model.
#   bash tools/adapt_cv.sh [WORK_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-/tmp/vanthu-adapt}
cd "$here"
cargo build --release --bins --examples -q
nd=../shared/reference/nd30-2020
docs=(fixtures/docs/*.txt)
half=$(( ${#docs[@]} / 2 ))
fold() { # name, training files..., --, test files...
  local name=$1; shift
  local dir=$work/$name; rm -rf "$dir"; mkdir -p "$dir/dict" "$dir/test"
  cp dictionaries/* "$dir/dict/"
  local train=()
  while [ "$1" != -- ]; do train+=(--domain "$1"); shift; done; shift
  cp "$@" "$dir/test/"
  target/release/vanthu train-lm ../shared/corpus/viwiki.txt \
    $(for f in "$nd"/*.md; do echo --domain "$f"; done) "${train[@]}" \
    -o "$dir/dict/vi-syllables.lm" >/dev/null
  local base adapted
  base=$(target/release/examples/eval_restore "$dir/test" | grep '^| 1\.')
  adapted=$(VANTHU_DICTIONARIES=$dir/dict target/release/examples/eval_restore "$dir/test" | grep '^| 1\.')
  echo "$name: bundled model   $base"
  echo "$name: with the other half $adapted"
}
fold first-half-held-out "${docs[@]:$half}" -- "${docs[@]:0:$half}"
fold second-half-held-out "${docs[@]:0:$half}" -- "${docs[@]:$half}"
