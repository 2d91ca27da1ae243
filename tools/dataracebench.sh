#!/usr/bin/env bash
# dataracebench.sh - score Raceway (whole-file mode, -raceway-track=all) and
# ThreadSanitizer + Archer on DataRaceBench's C micro-benchmarks, in one run
# on one machine.
#
# usage: tools/dataracebench.sh DRB_DIR [BUILD_DIR]
#   DRB_DIR    a checkout of LLNL/dataracebench (holds micro-benchmarks/)
#   BUILD_DIR  holds pass/RacewayPass.so and runtime/libraceway.so (default build)
# environment:
#   CLANG (clang-19), OPT (-O1: both tools), THREADS (4: OMP_NUM_THREADS),
#   TIMEOUT (120: seconds per run, hard), BUILD_TIMEOUT (300: seconds per build), ARCHER (/usr/lib/llvm-19/lib/libarcher.so),
#   RW_MEMORY (4096: RACEWAY_MAX_MEMORY, MiB), RW_SHADOW (4194304:
#   RACEWAY_MAX_SHADOW; whole-file mode tracks every element of the
#   benchmarks' 1000x1000 arrays, which the defaults cut at 131072 addresses),
#   ONLY (a grep -E pattern: run only the benchmarks whose name matches),
#   KEEP (a directory: keep the binaries and outputs there)
#
# Races are printed when found (RACEWAY_REPORT_LIVE=1), as TSan does: a
# benchmark that loops forever or aborts (a double free) still shows them.
#
# Each benchmark is built twice (clang -fopenmp with RacewayPass in
# whole-file mode + libraceway; clang -fopenmp -fsanitize=thread, run with
# libarcher as the OMPT tool) and run once per tool.  A verdict is "race"
# when the tool printed its data race warning; the truth is the file name
# (-yes: racy, -no: race-free).  Skipped, with the count and the reason:
# target/teams offload (needs a GPU or offload runtime), and C++ and
# Fortran benchmarks (C only).  A build failure, timeout or crash without a
# warning counts as "no race" and is listed.
set -u

drb=${1:?usage: tools/dataracebench.sh DRB_DIR [BUILD_DIR]}
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${2:-$root/build}" 2>/dev/null && pwd) || {
  echo "dataracebench: no build directory ${2:-$root/build}" >&2; exit 2; }
mb=$drb/micro-benchmarks
[ -d "$mb" ] || { echo "dataracebench: no $mb" >&2; exit 2; }
clang=${CLANG:-clang-19}
opt=${OPT:--O1}
threads=${THREADS:-4}
limit=${TIMEOUT:-120}
archer=${ARCHER:-/usr/lib/llvm-19/lib/libarcher.so}
plugin=$build/pass/RacewayPass.so
rtdir=$build/runtime
for f in "$plugin" "$rtdir/libraceway.so" "$archer"; do
  [ -e "$f" ] || { echo "dataracebench: missing $f" >&2; exit 2; }
done

if [ -n "${KEEP:-}" ]; then
  work=$KEEP; mkdir -p "$work"
else
  work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fi
poly="$mb/utilities/polybench.c -I$mb -I$mb/utilities -DPOLYBENCH_NO_FLUSH_CACHE -DPOLYBENCH_TIME -D_POSIX_C_SOURCE=200112L"

# build TOOL SRC EXE: 0 if it built.
build_one() {
  local tool=$1 src=$2 exe=$3 extra=""
  grep -q PolyBench "$src" && extra=$poly
  local cc="timeout -s KILL ${BUILD_TIMEOUT:-300} $clang"
  case $tool in
    raceway) $cc -g $opt -fopenmp -fpass-plugin="$plugin" -fplugin="$plugin" \
               -mllvm -raceway-track=all -I"$mb" "$src" $extra -o "$exe" -lm \
               -L"$rtdir" -Wl,-rpath,"$rtdir" -lraceway ;;
    tsan)    $cc -g $opt -fopenmp -fsanitize=thread -I"$mb" "$src" $extra -o "$exe" -lm ;;
  esac >"$exe.build" 2>&1
}

# verdict TOOL EXE: race, none, timeout, crash or build.
run_one() {
  local tool=$1 exe=$2 status marker
  if [ "$tool" = raceway ]; then
    marker='WARNING: Raceway: data race'
    env OMP_NUM_THREADS="$threads" RACEWAY_STACKS=0 RACEWAY_REPORT_LIVE=1 RACEWAY_MAX_MEMORY="${RW_MEMORY:-4096}" \
      RACEWAY_MAX_SHADOW="${RW_SHADOW:-4194304}" \
      timeout -s KILL "$limit" "$exe" >"$exe.out" 2>&1 </dev/null
    status=$?
  else
    marker='WARNING: ThreadSanitizer: data race'
    env OMP_NUM_THREADS="$threads" OMP_TOOL_LIBRARIES="$archer" \
      TSAN_OPTIONS='exitcode=0 ignore_noninstrumented_modules=1 report_signal_unsafe=0' \
      timeout -s KILL "$limit" "$exe" >"$exe.out" 2>&1 </dev/null
    status=$?
  fi
  if grep -q "$marker" "$exe.out"; then echo race
  elif [ "$status" -eq 137 ] || [ "$status" -eq 124 ]; then echo timeout
  elif [ "$status" -ge 128 ]; then echo crash
  else echo none
  fi
}

declare -A tp fp tn fn
for t in raceway tsan; do tp[$t]=0 fp[$t]=0 tn[$t]=0 fn[$t]=0; done
skipped_offload=0 mismatches="" failures="" n=0
cpp=$(ls "$mb"/*.cpp 2>/dev/null | wc -l)
fortran=$(ls "$drb"/micro-benchmarks-fortran/*.f95 2>/dev/null | wc -l)
for src in "$mb"/DRB*.c; do
  name=$(basename "$src" .c)
  [ -n "${ONLY:-}" ] && ! echo "$name" | grep -Eq "$ONLY" && continue
  case $name in *-yes) truth=race ;; *-no) truth=none ;; *) continue ;; esac
  if grep -Eq '^[[:space:]]*#pragma[[:space:]]+omp[[:space:]].*(target|teams)' "$src"; then
    skipped_offload=$((skipped_offload + 1))
    continue
  fi
  n=$((n + 1))
  line=$(printf '%-48s %-5s' "$name" "$truth")
  for t in raceway tsan; do
    exe=$work/$name.$t
    if build_one $t "$src" "$exe"; then v=$(run_one $t "$exe"); else v=build; fi
    case $v in build|timeout|crash) failures="$failures $name:$t=$v" ;; esac
    if [ "$truth" = race ]; then
      if [ "$v" = race ]; then tp[$t]=$((tp[$t] + 1)); else fn[$t]=$((fn[$t] + 1)); fi
    else
      if [ "$v" = race ]; then fp[$t]=$((fp[$t] + 1)); else tn[$t]=$((tn[$t] + 1)); fi
    fi
    line="$line $(printf '%-8s' "$t=$v")"
    [ "$t" = raceway ] && rw=$v
  done
  echo "$line" >>"$work/all.txt"
  if { [ "$truth" = race ] && [ "$rw" != race ]; } || { [ "$truth" = none ] && [ "$rw" = race ]; } ||
     { [ "$truth" = race ] && [ "$v" != race ]; } || { [ "$truth" = none ] && [ "$v" = race ]; }; then
    mismatches="$mismatches
$line"
  fi
done

echo "DataRaceBench C micro-benchmarks: $n run (OMP_NUM_THREADS=$threads, $opt, one run each, ${limit}s limit)"
echo "skipped: $skipped_offload using target/teams offload (no GPU or offload runtime here);" \
     "$cpp C++ and $fortran Fortran benchmarks (C only)"
echo
printf '%-16s %4s %4s %4s %4s %9s %7s %8s\n' tool TP FP TN FN precision recall accuracy
for t in raceway tsan; do
  p=${tp[$t]} f=${fp[$t]} tn_=${tn[$t]} fn_=${fn[$t]}
  awk -v t="$t" -v tp="$p" -v fp="$f" -v tn="$tn_" -v fn="$fn_" 'BEGIN {
    prec = tp + fp ? tp / (tp + fp) : 0; rec = tp + fn ? tp / (tp + fn) : 0
    acc = (tp + tn) / (tp + fp + tn + fn)
    name = t == "tsan" ? "TSan+Archer" : "Raceway"
    printf "%-16s %4d %4d %4d %4d %9.3f %7.3f %8.3f\n", name, tp, fp, tn, fn, prec, rec, acc }'
done
echo
echo "benchmarks where a tool is wrong (name, truth, verdicts):$mismatches"
[ -n "$failures" ] && echo && echo "build failures, timeouts, crashes (counted as no race):$failures"
exit 0
