#!/bin/sh
# Build and run the libFuzzer targets of the runtime, each for a bounded
# time; exit 1 if any target crashed, leaked, hit UB or broke a property.
#   fuzz/run.sh [seconds] [target...]
#     seconds  per target; default $FUZZ_SECONDS, else 60
#     target   config | json_encode | trace_context; default all three
# Binaries, logs and crash-* files go to $FUZZ_OUT (default build-fuzz/).
# Each run starts from a scratch copy of fuzz/corpus/<target>/, so inputs
# found on the way never change the seed corpus in the repository (add a
# crash input there by hand once it is fixed).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-${FUZZ_SECONDS:-60}}
[ $# -gt 0 ] && shift
targets=${*:-config json_encode trace_context}
out=${FUZZ_OUT:-$root/build-fuzz}
cc=${CC:-clang-19}
mkdir -p "$out"

# The runtime sources a target needs (small, self-contained modules).
sources() {
  case $1 in
    config) echo runtime/common/config.c runtime/common/diag.c runtime/common/keptfd.c ;;
    json_encode) echo runtime/common/*.c ;;   # the common layer: no deps up
    trace_context) echo runtime/common/trace_context.c runtime/common/uuid.c ;;
    *) echo "fuzz/run.sh: unknown target '$1'" >&2; return 1 ;;
  esac
}

failed=""
for t in $targets; do
  srcs=$(sources "$t")
  bin="$out/fuzz_$t"
  (cd "$root" && $cc -std=c11 -D_GNU_SOURCE -g -O1 \
    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
    -Iinclude -Iruntime "fuzz/fuzz_$t.c" $srcs -lcjson -lm -o "$bin")
  rm -rf "$out/corpus-$t" "$out/artifacts-$t"
  mkdir -p "$out/corpus-$t" "$out/artifacts-$t"
  cp "$root/fuzz/corpus/$t"/* "$out/corpus-$t/"
  echo "fuzz/run.sh: $t for ${secs}s (log: $out/fuzz_$t.log)"
  if (cd "$out" && "$bin" -max_total_time="$secs" -max_len=8192 -timeout=5 \
        -rss_limit_mb=1024 -print_final_stats=1 \
        -artifact_prefix="$out/artifacts-$t/" "corpus-$t" \
        > "$out/fuzz_$t.log" 2>&1); then
    grep -E '^stat::number_of_executed_units' "$out/fuzz_$t.log" || true
  else
    echo "fuzz/run.sh: $t FAILED; input in $out/artifacts-$t/:" >&2
    tail -n 30 "$out/fuzz_$t.log" >&2
    failed="$failed $t"
  fi
done
if [ -n "$failed" ]; then
  echo "fuzz/run.sh: failed:$failed" >&2
  exit 1
fi
echo "fuzz/run.sh: all targets ran ${secs}s without a failure"
