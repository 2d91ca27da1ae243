// Expected: RACE (the spinlock of norace_spinlock_other_module.c, in its
// own translation unit, but one thread skips it: the ordering the other
// module's atomics give does not hide the race, issue #15 class 7)
// RUN: %rwcc -g -O1 -DSPIN_TU -c %s -o %t.spin.o
// RUN: %rwcc -g -O1 -DMAIN_TU %s %t.spin.o -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// CHECK: WARNING: Raceway: data race on counter
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
static void *locked(void *arg) {
  spin_lock();
  counter++;
  spin_unlock();
  step_go(1);
  return 0;
}
int main(void) {
  pthread_t t = spawn(locked, 0);
  step_wait(1);
  counter++; /* no lock */
  pthread_join(t, 0);
  return DONE();
}
#endif
