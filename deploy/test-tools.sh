#!/usr/bin/env bash
# Tools the test suite uses besides the services (deploy/stack.sh): Debian's docker-compose (to validate
# docker-compose.yml), promtool from Debian's prometheus package (to check the alert rules), and Debian's chromium
# (the dashboard's browser tests). Each is installed only when missing.
set -euo pipefail

need=()
command -v docker-compose >/dev/null || need+=(docker-compose)
command -v promtool >/dev/null || need+=(prometheus)
command -v chromium >/dev/null || need+=(chromium)
((${#need[@]} == 0)) && exit 0

sudo=()
if ((EUID != 0)); then
  command -v sudo >/dev/null || { echo "test-tools: need root (or sudo) to install ${need[*]}" >&2; exit 1; }
  sudo=(sudo)
fi
echo "test-tools: installing ${need[*]} with apt-get" >&2
# policy-rc.d 101: the packages' daemons (prometheus) are not started; only their commands are wanted.
policy=/usr/sbin/policy-rc.d
made_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
  "${sudo[@]}" chmod +x "$policy"
  made_policy=1
fi
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
if ((made_policy)); then "${sudo[@]}" rm -f "$policy"; fi
