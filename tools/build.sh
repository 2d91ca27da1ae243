#!/usr/bin/env bash
# Configure and build into build/ (or $RACEWAY_BUILD_DIR) with clang-19.
# Extra arguments go to cmake's configure step.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${RACEWAY_BUILD_DIR:-$root/build}
cmake -S "$root" -B "$build" -DCMAKE_C_COMPILER=clang-19 \
      -DCMAKE_CXX_COMPILER=clang++-19 -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build "$build" -j"$(nproc)"
