// Expected: RACE (a tracked counter's address handed down two calls,
// bump -> apply, before the unlocked increment; one thread goes through a
// local pointer first; issue #16)
// RUN: %rwcc -g -O0 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// CHECK: WARNING: Raceway: data race on counter
#include "Inputs/corpus.h"
RACEWAY_TRACKED(long, counter);
static __attribute__((noinline)) void apply(long *p, long d) {
  *p = *p + d; // CHECK-DAG: racy_escape_two_calls.c:[[@LINE]]:
}
static __attribute__((noinline)) void bump(long *p) { apply(p, 1); }
static void *work(void *arg) {
  long *c = &counter;
  for (int i = 0; i < 100; i++)
    bump(c);
  return 0;
}
int main(void) {
  pthread_t a = spawn(work, 0), b = spawn(work, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return DONE();
}
// CHECK: Raceway: {{[0-9]+}} data race
