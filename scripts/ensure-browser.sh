#!/usr/bin/env bash
# Browser tests drive Debian's Chromium (no browser downloads are possible here); the PDF report test reads the PDF
# back with poppler's pdftotext. Install both once if missing.
if command -v chromium >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium and poppler-utils for the browser and PDF tests (once)..."
  apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core poppler-utils >/dev/null && exit 0
fi
echo "chromium/pdftotext missing: run 'apt-get install -y chromium fonts-noto-core poppler-utils'" >&2
exit 0
