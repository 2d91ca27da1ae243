#!/usr/bin/env bash
# wholefile.sh - what whole-file mode (-raceway-track=all) costs: CPU time
# (user+sys, from measure.c's wait4) of hashing.c and kvstore.c built plain,
# with Raceway tracking the annotated state only, with Raceway in whole-file
# mode (every access that may be shared), and with ThreadSanitizer.  Runs
# are interleaved (plain rw all tsan, plain rw all tsan, ...); each cell is
# the median of REPS runs with its min-max.  Both Raceway builds run with
# RACEWAY_SEND=none (detector only, as TSan), RACEWAY_STACKS=0.
#
# usage: bench/wholefile.sh [BUILD_DIR]    (REPS=5, HASH_BLOCKS=2000, KV_OPS=100000)
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
CC=${CC:-clang-19}
REPS=${REPS:-5}
HASH_BLOCKS=${HASH_BLOCKS:-2000}
KV_OPS=${KV_OPS:-100000}
plugin=$build/pass/RacewayPass.so
rt=$build/runtime
work=$(mktemp -d /tmp/raceway-wholefile.XXXXXX)
trap 'rm -rf "$work"' EXIT

"$CC" -O2 "$here/measure.c" -o "$work/measure"
for p in hashing kvstore; do
  src=$here/$p.c
  "$CC" -O2 -g "$src" -o "$work/$p.plain" -lpthread &&
  "$CC" -O2 -g -fpass-plugin="$plugin" -I"$root/include" -DRACEWAY_BENCH "$src" \
    -o "$work/$p.rw" -L"$rt" -Wl,-rpath,"$rt" -lraceway -lpthread &&
  "$CC" -O2 -g -fpass-plugin="$plugin" -fplugin="$plugin" -mllvm -raceway-track=all \
    -I"$root/include" -DRACEWAY_BENCH "$src" -o "$work/$p.all" -L"$rt" -Wl,-rpath,"$rt" \
    -lraceway -lpthread &&
  "$CC" -O2 -g -fsanitize=thread "$src" -o "$work/$p.tsan" ||
  { echo "wholefile.sh: building $p failed" >&2; exit 1; }
done

args_of() { case $1 in hashing) echo "2 $HASH_BLOCKS" ;; kvstore) echo "2 $KV_OPS" ;; esac; }
for r in $(seq "$REPS"); do
  for p in hashing kvstore; do
    for v in plain rw all tsan; do
      env RACEWAY_SEND=none RACEWAY_STACKS=0 RACEWAY_MAX_MEMORY=1024 \
        "$work/measure" -t 600 -- "$work/$p.$v" $(args_of $p) >>"$work/$p.$v.res"
    done
  done
done

. "$here/cpu_cells.sh"
echo "| program | plain | Raceway, annotated | Raceway, whole-file | TSan |"
echo "|---|---|---|---|---|"
for p in hashing kvstore; do
  base=$(med "$work/$p.plain.res")
  line="| $p $(args_of $p) | $(cell "$work/$p.plain.res")"
  for v in rw all tsan; do
    line="$line | $(cell "$work/$p.$v.res") $(awk -v a="$(med "$work/$p.$v.res")" -v b="$base" 'BEGIN { printf "(%.1fx)", a / b }')"
  done
  echo "$line |"
  grep -v 'status=exit:0' "$work/$p".*.res | sed 's/^/  failed: /'
done
exit 0
