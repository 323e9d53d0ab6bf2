#!/usr/bin/env bash
# Browser tests drive Debian's Chromium (no browser downloads are possible here). Install it once if missing.
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests (once)..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core >/dev/null && exit 0
fi
echo "chromium is not installed: run 'apt-get install -y chromium' (browser tests will fail without it)" >&2
exit 0
