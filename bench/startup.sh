#!/usr/bin/env bash
# startup.sh - what loading the runtime costs a process that sends nothing
# (RACEWAY_SEND=none): process CPU (user+sys, measure.c) of a trivial
# instrumented program and of hashing.c, with two runtimes side by side
# (BEFORE and AFTER: e.g. main's and this tree's build), plain and TSan in
# the same interleaved rounds; and callgrind's instruction count of the
# trivial program's whole run (deterministic: start-up and exit).
#
#   bench/startup.sh BEFORE_BUILD AFTER_BUILD
#
# Environment: ROUNDS (21: trivial program), HASH_ROUNDS (11), HASH_BLOCKS
# (2000 per thread, 2 threads), CC (clang-19), KEEP=1 keeps the work
# directory.  Prints one line per cell: median [min-max] over the rounds,
# and each runtime's median of per-round ratios to plain.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
before=$(cd "$1" && pwd)
after=$(cd "$2" && pwd)
ROUNDS=${ROUNDS:-21}
HASH_ROUNDS=${HASH_ROUNDS:-11}
HASH_BLOCKS=${HASH_BLOCKS:-2000}
CC=${CC:-clang-19}
work=$(mktemp -d /tmp/raceway-startup.XXXXXX)
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
source "$here/cpu_cells.sh"

# valgrind 3.19 cannot read clang-19's DWARF 5: copies without debug info.
for v in before after; do
  b=${!v}
  mkdir -p "$work/$v"
  objcopy --strip-debug "$(readlink -f "$b/runtime/libraceway.so")" "$work/$v/libraceway.so.0"
  ln -s libraceway.so.0 "$work/$v/libraceway.so"
done
printf '#include <raceway/raceway.h>\nRACEWAY_TRACKED(long, counter);\n'\
'int main(void) { counter = 1; return counter != 1; }\n' > "$work/trivial.c"
"$CC" -O2 "$here/measure.c" -o "$work/measure"
plugin=$after/pass/RacewayPass.so
for p in trivial hashing; do
  src=$work/trivial.c
  [ $p = hashing ] && src=$here/hashing.c
  "$CC" -O2 -g -gdwarf-4 "$src" -I"$root/include" -o "$work/$p.plain" -lpthread
  "$CC" -O2 -g -gdwarf-4 -fsanitize=thread "$src" -I"$root/include" -o "$work/$p.tsan"
  for v in before after; do
    "$CC" -O2 -g -gdwarf-4 -fpass-plugin="$plugin" -DRACEWAY_BENCH -I"$root/include" "$src" \
      -o "$work/$p.$v" -L"$work/$v" -Wl,-rpath,"$work/$v" -lraceway -lpthread
  done
done

# run PROGRAM ROUNDS ARGS...: interleaved rounds of the four builds.
run() {
  local p=$1 n=$2
  shift 2
  for ((r = 0; r < n; r++)); do
    for v in plain before after tsan; do
      env RACEWAY_SEND=none "$work/measure" -t 120 -- "$work/$p.$v" "$@" >> "$work/$p.$v.res"
    done
  done
}
# ratio P V: median over rounds of V's cpu / plain's cpu.
ratio() {
  paste <(sed -n 's/.*cpu=\([^ ]*\).*/\1/p' "$work/$1.$2.res") \
        <(sed -n 's/.*cpu=\([^ ]*\).*/\1/p' "$work/$1.plain.res") |
    awk '{print $1 / $2}' | sort -g | awk '{v[NR]=$1} END {
      printf "%.2fx", NR % 2 ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2 }'
}
run trivial "$ROUNDS"
run hashing "$HASH_ROUNDS" 2 "$HASH_BLOCKS"
for p in trivial hashing; do
  for v in plain before after tsan; do
    grep -q status=exit:0 "$work/$p.$v.res" || echo "startup.sh: $p.$v failed" >&2
    echo "$p $v: $(cell "$work/$p.$v.res" 4) ($(ratio $p $v) of plain)"
  done
done
for v in plain before after; do
  env RACEWAY_SEND=none valgrind --tool=callgrind --callgrind-out-file="$work/cg.$v" \
    "$work/trivial.$v" > /dev/null 2> "$work/cg.$v.err"
  echo "trivial $v: $(sed -n 's/^summary: //p' "$work/cg.$v") instructions (callgrind)"
done
