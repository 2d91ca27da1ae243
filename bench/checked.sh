#!/usr/bin/env bash
# checked.sh - what checked escapes (-raceway-escapes=checked) cost on code
# that never touches tracked memory.  Builds escape_loop.c and untracked.c
# plain, with Raceway's default (cloned escapes), with checked escapes, and
# with ThreadSanitizer, then
#  * callgrind (instructions, deterministic): escape_loop's `heap` mode (an
#    access through a pointer parameter to a heap block: the inline filter
#    test) and `untracked` mode (a global on a tracked global's page: the
#    out-of-line lookup, which misses), runs of N and 2N iterations, the
#    difference per access (2 accesses an iteration); untracked.c's total;
#  * CPU time (user+sys, measure.c), interleaved (plain rw checked tsan,
#    ...), median and min-max of REPS runs: escape_loop heap and untracked.c.
# Raceway runs with RACEWAY_SEND=none (detector only, as TSan).
#
# usage: bench/checked.sh [BUILD_DIR]    (REPS=7, N=100000, CPU_ITERS=200000000)
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
CC=${CC:-clang-19}
REPS=${REPS:-7}
N=${N:-100000}
CPU_ITERS=${CPU_ITERS:-200000000}
plugin=$build/pass/RacewayPass.so
rt=$build/runtime
work=$(mktemp -d /tmp/raceway-checked.XXXXXX)
trap 'rm -rf "$work"' EXIT
# valgrind 3.19 cannot read clang-19's DWARF 5: DWARF 4 for the programs,
# a copy of the runtime without debug info (same code).
mkdir -p "$work/lib"
objcopy --strip-debug "$(readlink -f "$rt/libraceway.so")" "$work/lib/libraceway.so.0"
ln -s libraceway.so.0 "$work/lib/libraceway.so"
lib="-L$work/lib -Wl,-rpath,$work/lib -lraceway -lpthread"

"$CC" -O2 "$here/measure.c" -o "$work/measure"
for p in escape_loop untracked; do
  src=$here/$p.c
  "$CC" -O2 -gdwarf-4 "$src" -o "$work/$p.plain" -lpthread &&
  "$CC" -O2 -gdwarf-4 -fpass-plugin="$plugin" -I"$root/include" "$src" -o "$work/$p.rw" $lib &&
  "$CC" -O2 -gdwarf-4 -fpass-plugin="$plugin" -fplugin="$plugin" -mllvm -raceway-escapes=checked \
    -I"$root/include" "$src" -o "$work/$p.checked" $lib &&
  "$CC" -O2 -g -fsanitize=thread "$src" -o "$work/$p.tsan" -lpthread ||
  { echo "checked.sh: building $p failed" >&2; exit 1; }
done

ir() {  # total instructions of CMD, all threads
  local f=$work/cg.$$.$RANDOM
  env RACEWAY_SEND=none valgrind --tool=callgrind --callgrind-out-file="$f" "$@" >/dev/null 2>&1
  callgrind_annotate "$f" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}'
}
echo "## instructions per access (callgrind, (I(2N) - I(N)) / 2N, N=$N)"
echo "| escape_loop mode | plain | Raceway (cloned) | Raceway (checked) |"
echo "|---|---|---|---|"
for m in heap untracked; do
  line="| $m"
  for v in plain rw checked; do
    a=$(ir "$work/escape_loop.$v" $m "$N"); b=$(ir "$work/escape_loop.$v" $m $((2 * N)))
    line="$line | $(awk -v a="$a" -v b="$b" -v n="$N" 'BEGIN { printf "%.2f", (b - a) / (2 * n) }')"
  done
  echo "$line |"
done
line="| untracked.c, total"
for v in plain rw checked; do line="$line | $(ir "$work/untracked.$v")"; done
echo "$line |"

for r in $(seq "$REPS"); do
  for v in plain rw checked tsan; do
    env RACEWAY_SEND=none RACEWAY_STACKS=0 "$work/measure" -t 600 -- \
      "$work/escape_loop.$v" heap "$CPU_ITERS" >>"$work/loop.$v.res"
    env RACEWAY_SEND=none RACEWAY_STACKS=0 "$work/measure" -t 600 -- \
      "$work/untracked.$v" >>"$work/untracked.$v.res"
  done
done
. "$here/cpu_cells.sh"
echo
echo "## CPU time, user+sys (median [min-max] of $REPS interleaved runs)"
echo "| program | plain | Raceway (cloned) | Raceway (checked) | TSan |"
echo "|---|---|---|---|---|"
for p in loop untracked; do
  name=$p; [ $p = loop ] && name="escape_loop heap $CPU_ITERS"
  echo "| $name | $(cell "$work/$p.plain.res" 3) | $(cell "$work/$p.rw.res" 3) | $(cell "$work/$p.checked.res" 3) | $(cell "$work/$p.tsan.res" 3) |"
  grep -v 'status=exit:0' "$work/$p".*.res | sed 's/^/  failed: /'
done
exit 0
