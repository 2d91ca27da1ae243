// Expected: no race (racy_escape_callback.c with each thread's loop under
// one lock: the callback's 100 writes are recorded as total and ordered)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -c '"variable":"total".*"access_type":"Write"' %t.events | FileCheck --check-prefix=WRITES %s
// WRITES: {{^100$}}
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
RACEWAY_TRACKED(long, total);
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static __attribute__((noinline)) void add_one(long *p) { *p += 1; }
static __attribute__((noinline)) void for_n(void (*op)(long *), long *p, int n) {
  for (int i = 0; i < n; i++)
    op(p);
}
static void *work(void *arg) {
  pthread_mutex_lock(&mu);
  for_n(add_one, arg, 50);
  pthread_mutex_unlock(&mu);
  return 0;
}
int main(void) {
  pthread_t a = spawn(work, &total), b = spawn(work, &total);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return DONE();
}
