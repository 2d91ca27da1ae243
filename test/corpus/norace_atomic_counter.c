// Expected: no race (atomic_norace: atomics only, relaxed and seq_cst)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
#include <stdatomic.h>
RACEWAY_TRACKED(_Atomic long, hits);
static void *work(void *arg) {
  for (int i = 0; i < 1000; i++)
    atomic_fetch_add_explicit(&hits, 1, memory_order_relaxed);
  return 0;
}
int main(void) {
  pthread_t a = spawn(work, 0), b = spawn(work, 0);
  long seen = atomic_load(&hits);
  pthread_join(a, 0);
  pthread_join(b, 0);
  printf("%ld %ld\n", seen, atomic_load(&hits));
  return DONE();
}
