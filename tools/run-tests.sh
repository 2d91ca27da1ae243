#!/usr/bin/env bash
# Install what is missing, build, and run every test:
#   1. the main suite: ctest in build/ (lit: pass IR tests, end-to-end,
#      accuracy corpus, transport, package, demo, reliability; unit tests);
#   2. the pass's lit tests built against LLVM 22, 16 and 15 (build-llvmN/;
#      any other installed LLVM by naming its stage, e.g. llvm20);
#   3. the runtime and its unit tests built with GCC (build-gcc/): the
#      runtime is C11 with GNU extensions, not Clang's alone;
#   4. the runtime and its tests under ASan+UBSan, and TSan on the
#      runtime's own concurrency (tools/run-sanitized.sh);
#   5. each libFuzzer target for FUZZ_SECONDS (default 60) (fuzz/run.sh).
# Stages can be chosen: tools/run-tests.sh main llvm22 gcc sanitize fuzz
# The last line is "stages: N passed, N failed"; the exit status is 0 only
# if every stage passed.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${RACEWAY_BUILD_DIR:-$root/build}
stages=${*:-main llvm22 llvm16 llvm15 gcc sanitize fuzz}

"$root/tools/deps.sh" chromium \
  clang-22 llvm-22-dev llvm-22-tools clang-16 llvm-16-dev llvm-16-tools \
  clang-15 llvm-15-dev llvm-15-tools gcc || exit 1
# The browser test drives Debian's chromium with playwright-core from npm.
if command -v npm > /dev/null && [ ! -d "$root/test/demo/node_modules/playwright-core" ]; then
  (cd "$root/test/demo" && npm ci --no-audit --no-fund --loglevel=error) ||
    echo "run-tests: npm ci failed; the browser test will be unsupported"
fi

stage_main() {
  "$root/tools/build.sh" && (cd "$build" && ctest --output-on-failure -j"$(nproc)")
}
# The pass's lit tests against another LLVM (llvm15, llvm16, llvm22, ...):
# needs llvm-N-dev, llvm-N-tools and clang-N.
stage_llvm() {
  local n=$1 b=$root/build-llvm$1
  cmake -S "$root" -B "$b" -DRACEWAY_LLVM_MAJOR="$n" -DCMAKE_C_COMPILER=clang-19 \
        -DCMAKE_CXX_COMPILER=clang++-19 -DRACEWAY_BUILD_EXAMPLES=OFF > /dev/null &&
    cmake --build "$b" -j"$(nproc)" --target RacewayPass raceway &&
    python3 "$(sed -n 's/^RACEWAY_LIT:FILEPATH=//p' "$b/CMakeCache.txt")" -sv "$b/test/pass"
}
# The runtime and its unit tests built with GCC (the pass, built too, is
# Clang's; its lit tests run in main).
stage_gcc() {
  local b=$root/build-gcc
  cmake -S "$root" -B "$b" -DCMAKE_C_COMPILER=gcc -DCMAKE_CXX_COMPILER=clang++-19 \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRACEWAY_BUILD_EXAMPLES=OFF > /dev/null &&
    cmake --build "$b" -j"$(nproc)" &&
    (cd "$b" && ctest --output-on-failure -j"$(nproc)" -R '^unit\.')
}
stage_sanitize() { "$root/tools/run-sanitized.sh" all; }
stage_fuzz() { FUZZ_OUT="$root/build-fuzz" "$root/fuzz/run.sh" "${FUZZ_SECONDS:-60}"; }

passed=0 failed=0 failures=""
for s in $stages; do
  echo "==== run-tests: stage $s"
  case $s in
    llvm[0-9]*) run=(stage_llvm "${s#llvm}") ;;
    *) run=("stage_$s") ;;
  esac
  if "${run[@]}"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1)) failures="$failures $s"
  fi
done
[ -z "$failures" ] || echo "run-tests: failed stages:$failures"
echo "stages: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
