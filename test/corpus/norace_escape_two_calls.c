// Expected: no race (racy_escape_two_calls.c with the outer call under one
// lock: the increments two calls down are recorded, named counter, and
// ordered by the lock)
// RUN: %rwcc -g -O0 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -c '"variable":"counter".*"access_type":"Write"' %t.events | FileCheck --check-prefix=WRITES %s
// WRITES: {{^200$}}
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
RACEWAY_TRACKED(long, counter);
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static __attribute__((noinline)) void apply(long *p, long d) { *p = *p + d; }
static __attribute__((noinline)) void bump(long *p) { apply(p, 1); }
static void *work(void *arg) {
  long *c = &counter;
  for (int i = 0; i < 100; i++) {
    pthread_mutex_lock(&mu);
    bump(c);
    pthread_mutex_unlock(&mu);
  }
  return 0;
}
int main(void) {
  pthread_t a = spawn(work, 0), b = spawn(work, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return DONE();
}
