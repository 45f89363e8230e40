#!/usr/bin/env bash
# Installs what vanthu needs on a fresh Debian machine that has Rust and Python:
# tesseract (with the Vietnamese and English models) and its headers for the Rust
# binding, clang for bindgen, Graphviz for `trace --format dot`, the fonts and Python
# packages that tools/render_scan.py needs to render test scans.
# Safe to run again: it skips what is already there.
set -euo pipefail
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
PKGS="tesseract-ocr tesseract-ocr-vie tesseract-ocr-eng libtesseract-dev libleptonica-dev
      clang libclang-dev pkg-config graphviz fonts-texgyre"
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
