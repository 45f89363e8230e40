#!/usr/bin/env bash
# Screenshots of `vanthu serve`'s pages for docs/screenshots/, on an archive of the fixtures
# (typed documents, scans, signed PDFs), with Debian's chromium headless.
#   bash tools/screenshots.sh   (after cargo build --release; needs chromium and pngquant is optional)
set -euo pipefail
cd "$(dirname "$0")/.."
v=target/release/vanthu
tmp=$(mktemp -d)
$v ingest --no-progress --archive "$tmp/a" fixtures/docs fixtures/scans fixtures/signed >/dev/null
$v serve --archive "$tmp/a" --addr 127.0.0.1:0 2> "$tmp/serve.log" &
pid=$!
trap 'kill $pid; rm -rf "$tmp"' EXIT
for _ in $(seq 50); do grep -q http "$tmp/serve.log" && break; sleep 0.1; done
url=$(grep -o 'http://[^ ]*' "$tmp/serve.log" | sed 's:/$::')
mkdir -p docs/screenshots
shot() {
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$tmp/profile" --hide-scrollbars --window-size=1200,"$3" \
    --screenshot="docs/screenshots/$1.png" "$url$2" 2>/dev/null
  echo "docs/screenshots/$1.png  $2"
}
shot search "/search?q=chuyen+doi+so" 1000
shot doc "/doc/212/KH-UBND" 1400
shot trace "/trace/91-NQ/TW?dir=down&depth=4" 900
shot review "/review" 900
