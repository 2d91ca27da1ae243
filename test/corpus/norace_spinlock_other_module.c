// Expected: no race (a counter guarded by a spinlock whose atomics live in
// another translation unit with no tracked state: that module's atomics
// are instrumented too, so they order the threads, issue #15 class 7).
// Built as two translation units here; as one file by
// tools/corpus-vs-tsan.sh.
// RUN: %rwcc -g -O1 -DSPIN_TU -c %s -o %t.spin.o
// RUN: %rwcc -g -O1 -DMAIN_TU %s %t.spin.o -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// CHECK-NOT: WARNING: Raceway
// CHECK: counter 400
// CHECK: DONE
#include "Inputs/corpus.h"
#include <stdatomic.h>

void spin_lock(void);
void spin_unlock(void);

#if !defined(SPIN_TU) && !defined(MAIN_TU)
#define SPIN_TU
#define MAIN_TU
#endif

#ifdef SPIN_TU
static atomic_int spin;
void spin_lock(void) {
  while (atomic_exchange_explicit(&spin, 1, memory_order_acquire))
    while (atomic_load_explicit(&spin, memory_order_relaxed))
      sched_yield();
}
void spin_unlock(void) { atomic_store_explicit(&spin, 0, memory_order_release); }
#endif

#ifdef MAIN_TU
static RACEWAY_TRACKED(long, counter);
static void *worker(void *arg) {
  for (int i = 0; i < 100; i++) {
    spin_lock();
    counter++;
    spin_unlock();
  }
  return 0;
}
int main(void) {
  pthread_t t[4];
  for (int i = 0; i < 4; i++)
    t[i] = spawn(worker, 0);
  for (int i = 0; i < 4; i++)
    pthread_join(t[i], 0);
  printf("counter %ld\n", counter);
  return DONE();
}
#endif
