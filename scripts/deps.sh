#!/usr/bin/env bash
# Installs what the tests need when it is missing: PostgreSQL and Chromium from Debian's packages.
# Runs as root on a fresh machine (CI); prints what it does.
set -euo pipefail

need=()
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
[ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ] || need+=(postgresql)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
# A CJK font, so that the browser tests' screenshots show Chinese rather than empty boxes.
[ -d /usr/share/fonts/truetype/wqy ] || need+=(fonts-wqy-zenhei)

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "deps: missing ${need[*]}; run as root or install them: apt-get install ${need[*]}" >&2
    exit 1
  fi
  echo "deps: installing ${need[*]} from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi
echo "deps: PostgreSQL $(ls /usr/lib/postgresql | sort -V | tail -1), $(chromium --version 2>/dev/null | head -1)"
