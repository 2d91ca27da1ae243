#!/bin/sh
# Build and run a libFuzzer target of the runtime.
#   fuzz/run.sh [seconds] [target]   (defaults: 60, trace_context)
# The binary and any crash-* files go to $FUZZ_OUT (default build-fuzz/);
# new inputs found are added to a scratch copy, never to the seed corpus.
set -eu
secs=${1:-60}
target=${2:-trace_context}
root=$(cd "$(dirname "$0")/.." && pwd)
out=${FUZZ_OUT:-$root/build-fuzz}
cc=${CC:-clang-19}
mkdir -p "$out/corpus-$target"
cp "$root/fuzz/corpus/$target"/* "$out/corpus-$target/"
$cc -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined \
  -fno-sanitize-recover=undefined -I"$root/runtime" \
  "$root/fuzz/fuzz_$target.c" "$root/runtime/$target.c" -lcjson \
  -o "$out/fuzz_$target"
cd "$out"
exec "./fuzz_$target" -max_total_time="$secs" -max_len=8192 -timeout=5 \
  -rss_limit_mb=1024 "corpus-$target"
