#!/usr/bin/env bash
# OCR throughput and memory, side by side in one session (BENCHMARKS.md, issue 4):
#   vanthu ingest (OCR + restore + extract + index) on multi-page TIFFs
#     vs the tesseract command line on the same files with the same parallelism (xargs -P);
#   vanthu ingest on image-only PDFs vs OCRmyPDF (-l vie) on the same PDFs;
#   peak RSS of a vanthu ingest of about 100 pages.
#
#   bash tools/bench_ocr.sh WORKDIR [JOBS]
#
# WORKDIR gets the seeds of ../shared/seeds rendered at 300 dpi with --noise 1 (kept between
# runs). Needs a release build (cargo build --release), and for the OCRmyPDF row
# `pip install ocrmypdf` and Debian's ghostscript.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mkdir -p "$1" && cd "$1" && pwd)"
jobs="${2:-$(nproc)}"
seeds="$root/../shared/seeds"
render="$root/../shared/tools/render_scan.py"
v="$root/target/release/vanthu"
export OMP_THREAD_LIMIT=1

mkdir -p "$work/tif" "$work/pdf" "$work/many"
for f in "$seeds"/*.txt; do
  b=$(basename "$f" .txt)
  [ -f "$work/tif/$b.tif" ] || python3 "$render" "$f" "$work/tif/$b.tif" --noise 1 >/dev/null
  [ -f "$work/tif/$b.stamp.tif" ] || python3 "$render" "$f" "$work/tif/$b.stamp.tif" --noise 1 --stamp >/dev/null
  [ -f "$work/pdf/$b.pdf" ] || python3 "$render" "$f" "$work/pdf/$b.pdf" --noise 1 >/dev/null
  for s in 2 3 4 5 6; do   # five more noise seeds: distinct files, about 100 pages in all
    [ -f "$work/many/$b.$s.tif" ] || python3 "$render" "$f" "$work/many/$b.$s.tif" --noise 1 --seed $s >/dev/null
  done
done
pages() { python3 -c "import sys
from PIL import Image
print(sum(getattr(Image.open(f), 'n_frames', 1) for f in sys.argv[1:]))" "$@"; }
pdfpages() { python3 -c "import sys, re
print(sum(len(re.findall(rb'/Type\s*/Page[^s]', open(f, 'rb').read())) for f in sys.argv[1:]))" "$@"; }

timed() { # prints wall seconds and peak RSS (KiB) of a command
  /usr/bin/time -f "%e %M" -o "$work/.time" "$@" >/dev/null 2>"$work/.err" || { cat "$work/.err" >&2; return 1; }
  cat "$work/.time"
}
row() { # name pages seconds rss
  awk -v n="$1" -v p="$2" -v s="$3" -v m="$4" 'BEGIN { printf "| %s | %d | %.1f s | %.1f pages/min | %.0f MiB |\n", n, p, s, 60 * p / s, m / 1024 }'
}

tifs=("$work"/tif/*.tif); pdfs=("$work"/pdf/*.pdf); many=("$work"/many/*.tif)
np=$(pages "${tifs[@]}"); npdf=$(pdfpages "${pdfs[@]}"); nmany=$(pages "${many[@]}")
echo "| run | pages | wall | throughput | peak RSS |"
echo "|---|---:|---:|---:|---:|"
rm -rf "$work/out" "$work/a1" "$work/a2" "$work/a3"; mkdir -p "$work/out"
read -r s m < <(timed bash -c "printf '%s\n' \"\$@\" | xargs -P $jobs -I{} sh -c 'tesseract \"\$1\" \"$work/out/\$(basename \"\$1\")\" -l vie' _ {}" _ "${tifs[@]}")
row "tesseract CLI, xargs -P $jobs (anchor)" "$np" "$s" "$m"
read -r s m < <(timed "$v" ingest --no-progress --jobs "$jobs" --archive "$work/a1" "${tifs[@]}")
row "vanthu ingest --jobs $jobs" "$np" "$s" "$m"
if command -v ocrmypdf >/dev/null; then
  read -r s m < <(timed bash -c "for f in \"\$@\"; do ocrmypdf -q -l vie --jobs $jobs --output-type pdf \"\$f\" \"$work/out/\$(basename \"\$f\")\"; done" _ "${pdfs[@]}")
  row "OCRmyPDF -l vie --jobs $jobs, image-only PDFs" "$npdf" "$s" "$m"
fi
read -r s m < <(timed "$v" ingest --no-progress --jobs "$jobs" --archive "$work/a2" "${pdfs[@]}")
row "vanthu ingest --jobs $jobs, image-only PDFs" "$npdf" "$s" "$m"
read -r s m < <(timed "$v" ingest --no-progress --jobs "$jobs" --archive "$work/a3" "${many[@]}")
row "vanthu ingest --jobs $jobs, $nmany pages (memory)" "$nmany" "$s" "$m"
