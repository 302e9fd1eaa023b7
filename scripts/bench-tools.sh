#!/usr/bin/env bash
# What `just bench` needs beyond `just setup`: wrk, from the distribution's packages.
set -euo pipefail
if ! command -v wrk > /dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq wrk
  else
    sudo apt-get update -qq && sudo apt-get install -y -qq wrk
  fi
fi
