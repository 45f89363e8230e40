#!/usr/bin/env bash
# Writes what a vanthu binary prints on the fixtures and the seeds to OUT, one file per
# command and input, so that two builds can be compared byte for byte (a refactoring must not
# change one byte):
#
#   tools/same_output.sh target/release/vanthu /tmp/before    # on the old commit
#   tools/same_output.sh target/release/vanthu /tmp/after     # on the new one
#   diff -r /tmp/before /tmp/after && echo same
#
# Covers: extract and restore (--json, and the plain forms) on every typed fixture, garbled
# fixture, legacy-encoded fixture and seed; ocr --json on every fixture scan; an archive of the
# typed fixtures and the seeds, and one of the scans: export, show (--json and plain) and
# trace (json, tree, dot; up and down) of every key and every cited number, search (--json and
# plain) for numbers and words, check. Paths inside records are absolute, so both runs must be
# made from the same checkout folder (OUT names only the inputs' file names).
set -euo pipefail
bin=$(realpath "$1")
out=$2
root=$(cd "$(dirname "$0")/.." && pwd)
seeds=$root/../shared/seeds
cd "$root"
rm -rf "$out"
mkdir -p "$out"
# The archives' folder is part of what is printed: the same for every run.
tmp=/tmp/vanthu-same-output
rm -rf "$tmp"
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
export RUST_BACKTRACE=0

texts=(fixtures/docs/*.txt fixtures/garbled/*.txt fixtures/legacy/*.txt)
[ -d "$seeds" ] && texts+=("$seeds"/*.txt)
for f in "${texts[@]}"; do
  n=$(basename "$(dirname "$f")")-$(basename "$f")
  "$bin" extract --json --text "$f" > "$out/extract-$n.json"
  "$bin" extract "$f" > "$out/extract-$n.txt"
  "$bin" restore --json "$f" > "$out/restore-$n.json"
  "$bin" restore "$f" > "$out/restore-$n.txt"
done
for f in fixtures/scans/*; do
  "$bin" ocr --json "$f" > "$out/ocr-$(basename "$f").json"
done

# One archive of the typed documents and the seeds, one of the scans.
archive() { # NAME PATH...
  local name=$1
  shift
  local a=$tmp/$name
  "$bin" ingest --no-progress --archive "$a" "$@" | sed -E 's/ in [0-9.]+ s\)/)/' > "$out/$name-ingest.txt"
  "$bin" export --archive "$a" > "$out/$name-export.jsonl"
  "$bin" check --archive "$a" > "$out/$name-check.txt" || true
  # Every key and every cited number.
  { jq -r '.key' "$out/$name-export.jsonl"; jq -r '.cites[].number' "$out/$name-export.jsonl"; } |
    sort -u > "$tmp/$name.keys"
  local i=0
  while read -r k; do
    i=$((i + 1))
    {
      echo "== $k"
      "$bin" show --archive "$a" --json "$k" 2>&1 || true
      "$bin" show --archive "$a" "$k" 2>&1 || true
      for d in --down --up; do
        "$bin" trace --archive "$a" $d --format json "$k" 2>&1 || true
        "$bin" trace --archive "$a" $d --format tree "$k" 2>&1 || true
        "$bin" trace --archive "$a" $d --format dot "$k" 2>&1 || true
      done
    } > "$out/$name-key-$(printf %03d $i).txt"
  done < "$tmp/$name.keys"
  for q in "nghị quyết" "nghi quyet kinh te so" "57-NQ/TW" "57 nq tw" "160/kh-ubnd" "kế hoạch" \
    "chuyen doi so" "134-KH/TU" "công văn" "quyết định"; do
    {
      echo "== $q"
      "$bin" search --archive "$a" --json "$q" 2>&1 || true
      "$bin" search --archive "$a" "$q" 2>&1 || true
      "$bin" search --archive "$a" --json --type KH --from 2024 "$q" 2>&1 || true
    } >> "$out/$name-search.txt"
  done
}
if [ -d "$seeds" ]; then
  archive typed fixtures/docs "$seeds"
else
  archive typed fixtures/docs
fi
archive scans fixtures/scans
echo "same_output: $(ls "$out" | wc -l) files in $out"
