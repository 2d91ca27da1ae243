#!/usr/bin/env bash
# Install dependencies, build, and run every test (ctest: lit + unit tests).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/tools/deps.sh"
"$root/tools/build.sh"
cd "${RACEWAY_BUILD_DIR:-$root/build}"
ctest --output-on-failure -j"$(nproc)"
