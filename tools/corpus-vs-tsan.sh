#!/usr/bin/env bash
# corpus-vs-tsan.sh - run the accuracy corpus (test/corpus) under Raceway
# and under ThreadSanitizer and print one table row per program:
#   program | expected | raceway | tsan
# expected comes from the name (racy_* / norace_*); C++ programs (.cpp) are
# linked with -lstdc++.  A column says RACE when
# the tool printed its warning, none when it did not, and build/timeout/crash
# when the program could not be judged.
#
# usage: tools/corpus-vs-tsan.sh [BUILD_DIR]   (default: build)
#   BUILD_DIR holds pass/RacewayPass.so and runtime/libraceway.so.
#   CLANG (default clang-19) and TIMEOUT (seconds per run, default 60) may
#   be set in the environment.
set -u

root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" 2>/dev/null && pwd) || {
  echo "corpus-vs-tsan: no build directory ${1:-$root/build}" >&2; exit 2; }
clang=${CLANG:-clang-19}
limit=${TIMEOUT:-60}
plugin=$build/pass/RacewayPass.so
rtdir=$build/runtime
for f in "$plugin" "$rtdir/libraceway.so"; do
  [ -e "$f" ] || { echo "corpus-vs-tsan: missing $f (build first)" >&2; exit 2; }
done
command -v "$clang" >/dev/null || { echo "corpus-vs-tsan: no $clang" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Programs that link the uninstrumented library name it in a RUN line.
lib_for() {
  if grep -q 'Inputs/uninstrumented_lib.c' "$1"; then
    local so=$work/uninstrumented_lib.so
    [ -e "$so" ] || "$clang" -g -O1 -fPIC -shared \
      "$root/test/corpus/Inputs/uninstrumented_lib.c" -o "$so" 2>/dev/null
    echo "$so"
  fi
}

# TSan builds do not link libraceway: the naming calls some programs make
# become no-ops.
tsan_stubs() {
  local c=$work/tsan_stubs.c
  [ -e "$c" ] || printf '%s\n' \
    'void raceway_name_object(const void *b, const char *n) { (void)b; (void)n; }' \
    'void raceway_name_lock(const void *l, const char *n) { (void)l; (void)n; }' >"$c"
  echo "$c"
}

# C++ programs need the C++ library; OpenMP programs -fopenmp.
cxx_for() {
  case $1 in *.cpp) echo -lstdc++ ;; esac
  case $1 in *_omp_*) echo -fopenmp ;; esac
}

# OpenMP programs run with 4 threads; under TSan with LLVM's Archer, the
# OMPT tool that gives TSan OpenMP's synchronisation.
omp_env() {
  case $1 in
    *_omp_*) echo OMP_NUM_THREADS=4
             [ "$2" = tsan ] && echo OMP_TOOL_LIBRARIES=libarcher.so ;;
  esac
}
tsan_options() {
  case $1 in
    *_omp_*) echo "exitcode=0 report_signal_unsafe=0 ignore_noninstrumented_modules=1" ;;
    *) echo "exitcode=0 report_signal_unsafe=0" ;;
  esac
}

# The -O level the corpus RUN line uses (default 1).
opt_for() {
  local o
  o=$(grep -m1 -o '%rwcc -g -O[0-3s]' "$1" | sed 's/.*-O//')
  echo "${o:-1}"
}

# verdict MARKER OUTPUT-FILE EXIT-STATUS
verdict() {
  if grep -q "$1" "$2"; then echo RACE
  elif [ "$3" -eq 124 ]; then echo timeout
  elif [ "$3" -ge 128 ]; then echo crash
  else echo none
  fi
}

# Whole-file programs (*_wf_*) are compiled with -raceway-track=all, and
# those whose RUN line asks for checked escapes with
# -raceway-escapes=checked, as their RUN line says.
track_for() {
  case $1 in *_wf_*) echo "-fplugin=$plugin -mllvm -raceway-track=all" ;; esac
  grep -q -- '-raceway-escapes=checked' "$1" &&
    echo "-fplugin=$plugin -mllvm -raceway-escapes=checked"
}

run_raceway() {
  local src=$1 exe=$work/rw.$2 lib=$3 opt=$4
  "$clang" -g -O"$opt" -fpass-plugin="$plugin" $(track_for "$src") -I"$root/include" "$src" $lib -o "$exe" \
    -L"$rtdir" -Wl,-rpath,"$rtdir" -lraceway -lpthread $(cxx_for "$src") >"$work/build.log" 2>&1 || { echo build; return; }
  env RACEWAY_OUTPUT="$exe.events" $(omp_env "$src" rw) timeout "$limit" "$exe" >"$exe.out" 2>&1
  verdict 'WARNING: Raceway' "$exe.out" $?
}

run_tsan() {
  local src=$1 exe=$work/tsan.$2 lib=$3 opt=$4
  "$clang" -g -O"$opt" -fsanitize=thread -I"$root/include" "$src" -x c "$(tsan_stubs)" -x none \
    $lib -o "$exe" -lpthread $(cxx_for "$src") >"$work/build.log" 2>&1 || { echo build; return; }
  env TSAN_OPTIONS="$(tsan_options "$src")" $(omp_env "$src" tsan) \
    timeout "$limit" "$exe" >"$exe.out" 2>&1
  verdict 'WARNING: ThreadSanitizer' "$exe.out" $?
}

printf '%-34s | %-8s | %-8s | %-8s\n' program expected raceway tsan
printf '%s\n' '-----------------------------------+----------+----------+---------'
n=0 rw_ok=0 ts_ok=0
for src in "$root"/test/corpus/*.c "$root"/test/corpus/*.cpp; do
  [ -e "$src" ] || continue
  name=$(basename "$src"); name=${name%.*}
  case $name in racy_*) expected=RACE ;; *) expected=none ;; esac
  lib=$(lib_for "$src")
  opt=$(opt_for "$src")
  rw=$(run_raceway "$src" "$name" "$lib" "$opt")
  ts=$(run_tsan "$src" "$name" "$lib" "$opt")
  printf '%-34s | %-8s | %-8s | %-8s\n' "$name" "$expected" "$rw" "$ts"
  n=$((n + 1))
  [ "$rw" = "$expected" ] && rw_ok=$((rw_ok + 1))
  [ "$ts" = "$expected" ] && ts_ok=$((ts_ok + 1))
done
echo
echo "programs: $n  raceway as expected: $rw_ok  tsan as expected: $ts_ok"
