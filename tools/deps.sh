#!/usr/bin/env bash
# Install what Raceway for C needs on Debian 12 (as root), only if missing.
# Usage: tools/deps.sh [extra-package ...]
# libcurl4-openssl-dev is for building: the runtime takes libcurl's types from
# <curl/curl.h> and loads libcurl.so.4 (libcurl4) at run time, only to send
# to a server (runtime/transport/curl_dl.h).
set -euo pipefail
pkgs=(clang-19 llvm-19-dev llvm-19-tools libclang-rt-19-dev
      cmake make pkg-config python3 libcurl4-openssl-dev libcjson-dev
      libmicrohttpd-dev libomp-19-dev "$@")
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
