#!/usr/bin/env bash
# Browser tests drive Debian's Chromium (no browser downloads are possible here); the PDF report test reads the PDF
# back with poppler's pdftotext; the period report test opens the Word file in LibreOffice headless (soffice; it
# installed in about 70 s here). Install them once if missing.
if command -v chromium >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 && command -v soffice >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium, poppler-utils and libreoffice-writer-nogui for the browser, PDF and Word tests (once)..."
  apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core poppler-utils libreoffice-writer-nogui >/dev/null && exit 0
fi
echo "chromium/pdftotext/soffice missing: run 'apt-get install -y chromium fonts-noto-core poppler-utils libreoffice-writer-nogui'" >&2
exit 0
