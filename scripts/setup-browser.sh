#!/usr/bin/env bash
# Chromium for the browser tests (Debian's package), installed once; skipped when present.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
echo "installing chromium (Debian package, once)"
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium > /dev/null
