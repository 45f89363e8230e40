#!/usr/bin/env bash
# Installs what vanthu needs on a fresh Debian machine that has Rust and Python:
# tesseract (with the Vietnamese, English and orientation models) and its headers for the
# Rust binding, clang for bindgen, Graphviz for `trace --format dot` and `serve`'s traces, the fonts and Python
# packages that tools/render_scan.py and fixtures/make_scans.py need, and PDFium.
# Safe to run again: it skips what is already there.
set -euo pipefail
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
PKGS="tesseract-ocr tesseract-ocr-vie tesseract-ocr-eng tesseract-ocr-osd libtesseract-dev
      libleptonica-dev clang libclang-dev pkg-config graphviz fonts-texgyre fonts-dejavu-core"
# With --browser (scripts/test.sh): Chromium, for the test that drives `vanthu serve`'s pages.
if [ "${1:-}" = "--browser" ]; then PKGS="$PKGS chromium"; fi
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "setup: installing$missing" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
python3 -c "import PIL, numpy" 2>/dev/null || python3 -m pip install -q pillow numpy

# PDFium: Debian has none; the pypdfium2 wheel ships a build (pypdfium2_raw/libpdfium.so).
# vanthu looks for it in the project's .pdfium/ folder (or --pdfium / VANTHU_PDFIUM).
# The version is pinned: pdfium-render's API feature (pdfium_latest, 8125) matches its build 8149.
PDFIUM_DIR="$(cd "$(dirname "$0")/.." && pwd)/.pdfium"
if [ ! -f "$PDFIUM_DIR/libpdfium.so" ]; then
  echo "setup: fetching libpdfium.so from the pypdfium2 wheel" >&2
  tmp="$(mktemp -d)"
  python3 -m pip download -q --no-deps --only-binary=:all: -d "$tmp" "pypdfium2==5.15.2"
  python3 -m zipfile -e "$tmp"/pypdfium2-*.whl "$tmp/wheel"
  mkdir -p "$PDFIUM_DIR"
  cp "$tmp/wheel/pypdfium2_raw/libpdfium.so" "$PDFIUM_DIR/libpdfium.so"
  cp "$tmp/wheel/pypdfium2_raw/version.json" "$PDFIUM_DIR/version.json"
  rm -rf "$tmp"
fi
