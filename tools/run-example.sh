#!/usr/bin/env bash
# Install dependencies, build Raceway, then build and run the quick-start
# example (examples/quickstart/bank.c) with the plugin.  No server needed:
# events go to build/quickstart-events.jsonl and the race report to stderr.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${RACEWAY_BUILD_DIR:-$root/build}
"$root/tools/deps.sh"
"$root/tools/build.sh"
clang-19 -g -O2 -fpass-plugin="$build/pass/RacewayPass.so" -I"$root/include" \
  "$root/examples/quickstart/bank.c" -L"$build/runtime" -Wl,-rpath,"$build/runtime" \
  -lraceway -lpthread -o "$build/quickstart-bank"
echo "== running $build/quickstart-bank"
RACEWAY_OUTPUT="$build/quickstart-events.jsonl" "$build/quickstart-bank"
echo "== $(wc -l < "$build/quickstart-events.jsonl") events in $build/quickstart-events.jsonl; the first one:"
head -n 1 "$build/quickstart-events.jsonl"
