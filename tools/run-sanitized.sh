#!/usr/bin/env bash
# Build the runtime and its tests with sanitizers and run them.
#
#   tools/run-sanitized.sh [address|thread|all]      (default: all)
#
# address  ASan + UBSan: configures build-asan with
#          -DRACEWAY_SANITIZE=address,undefined (runtime, unit tests and every
#          lit test program are instrumented; leaks fail a test), builds it
#          and runs the whole ctest suite (unit tests + lit).
# thread   TSan on the runtime's own concurrency.  TSan interposes the same
#          pthread functions as libraceway, so -DRACEWAY_SANITIZE=thread
#          builds the runtime's layers without the intercept layer, linked
#          with test/reliability/Inputs/tsan_stress.c into the target
#          raceway_tsan_stress (runtime/CMakeLists.txt), which drives rings,
#          registry, detector, report, flusher and both sinks from many
#          threads through the hooks and the public API.  This configures
#          build-tsan, builds that target, runs it against the file sink
#          (ctest tsan.stress.file) and against the local collector, and
#          the shadow table's unit test with its thread stress (ctest
#          tsan.shadow, test/unit/test_shadow.c) and the runtime's own
#          allocator's (tsan.ialloc, test/unit/test_ialloc.c); any TSan report fails
#          (halt_on_error=1).
# Exit status: 0 only if everything ran clean.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
mode=${1:-all}
jobs=${JOBS:-2}
cc=${CC:-clang-19}
cxx=${CXX:-clang++-19}

# lit's per-test timeout needs psutil; Debian's python3-psutil is for
# /usr/bin/python3, which may not be the python3 first on PATH.
python=python3
if ! "$python" -c 'import psutil' 2> /dev/null && /usr/bin/python3 -c 'import psutil' 2> /dev/null; then
  python=/usr/bin/python3
fi
python=$(command -v "$python")

run_address() {
  local dir=$root/build-asan
  cmake -S "$root" -B "$dir" -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx" \
    -DRACEWAY_SANITIZE=address,undefined -DRACEWAY_BUILD_EXAMPLES=OFF \
    -DPython3_EXECUTABLE="$python" > "$dir.configure.log"
  cmake --build "$dir" -j"$jobs"
  (cd "$dir" && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
     ctest --output-on-failure -j"$jobs")
}

# The collector for the HTTP run; stopped on exit, whatever happens.
collector_pid=""
stop_collector() {
  if [ -n "$collector_pid" ]; then
    kill "$collector_pid" 2> /dev/null || true
    wait "$collector_pid" 2> /dev/null || true
  fi
}
trap stop_collector EXIT

run_thread() {
  local dir=$root/build-tsan
  cmake -S "$root" -B "$dir" -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx" \
    -DRACEWAY_SANITIZE=thread -DPython3_EXECUTABLE="$python" > "$dir.configure.log"
  cmake --build "$dir" -j"$jobs" --target raceway_tsan_stress raceway_tsan_shadow raceway_tsan_ialloc
  local stress=$dir/runtime/raceway_tsan_stress
  export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1"

  echo "run-sanitized: TSan stress, file sink"
  (cd "$dir" && ctest --output-on-failure --no-tests=error -R '^tsan\.stress\.file$')

  echo "run-sanitized: TSan, the shadow table's test and stress"
  (cd "$dir" && ctest --output-on-failure --no-tests=error -R '^tsan\.shadow$')

  echo "run-sanitized: TSan, the runtime's own allocator"
  (cd "$dir" && ctest --output-on-failure --no-tests=error -R '^tsan\.ialloc$')

  echo "run-sanitized: TSan stress, HTTP sink (local collector)"
  rm -f "$dir/port"
  "$python" "$root/test/tools/collector.py" --port-file "$dir/port" --out /dev/null \
    --max-seconds 300 > "$dir/collector.log" 2>&1 &
  collector_pid=$!
  "$python" "$root/test/tools/collector.py" --wait-for "$dir/port" > /dev/null
  # Fewer writes, big batches and a long exit deadline, so the slow
  # (validating Python) collector gets everything in a few seconds; if the
  # deadline still passed, the runtime would abandon its flusher thread by
  # design, which TSan would call a leak.
  env -u RACEWAY_OUTPUT RACEWAY_ENDPOINT="http://127.0.0.1:$(cat "$dir/port")" \
    STRESS_WRITES=2000 RACEWAY_BATCH_SIZE=2000 RACEWAY_SHUTDOWN_TIMEOUT_MS=60000 \
    TSAN_OPTIONS="$TSAN_OPTIONS report_thread_leaks=0" "$stress"
  stop_collector
  collector_pid=""
}

case $mode in
  address) run_address ;;
  thread) run_thread ;;
  all) run_address; run_thread ;;
  *) echo "usage: $0 [address|thread|all]" >&2; exit 2 ;;
esac
echo "run-sanitized: $mode: clean"
