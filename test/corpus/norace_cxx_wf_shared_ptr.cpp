// Expected: no race (whole-file mode: a std::shared_ptr handed to threads
// that each drop their copy; whichever is last destroys the object.
// libstdc++ orders the destruction through the counts' atomics, reading
// both with one acquire load: the pattern of norace_wf_refcount_both_counts.c,
// met first in a C++ thread pool's test suite, where every std::future's
// shared state raced with its own destruction)
// (-fno-sanitize=vptr, last: a sanitizer build of the tests links with the C
// driver, which has no C++ UBSan runtime for the vptr check)
// RUN: %rwcc -g -O1 -std=c++17 -fplugin=%plugin -mllvm -raceway-track=all %s -o %t %rwlibs -lstdc++ -fno-sanitize=vptr
// RUN: %t 2>&1 | FileCheck %s
// CHECK-NOT: WARNING: Raceway
// CHECK: sum 4950
// CHECK-NOT: WARNING: Raceway
#include <cstdio>
#include <memory>
#include <thread>
#include <vector>

struct Payload {
  long value;
  explicit Payload(long v) : value(v) {}
};

int main() {
  long sum = 0;
  for (long round = 0; round < 100; round++) {
    auto p = std::make_shared<Payload>(round);
    std::vector<std::thread> threads;
    for (int i = 0; i < 3; i++)
      threads.emplace_back([q = p]() mutable { q.reset(); });
    sum += p->value;
    p.reset();
    for (auto &t : threads)
      t.join();
  }
  std::printf("sum %ld\n", sum);
  return 0;
}
