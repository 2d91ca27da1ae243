// Expected: RACE (a tracked total's address is the thread argument, given
// through corpus.h's spawn(fn, arg) wrapper, and reaches the increment
// through a callback: work -> for_n(add_one, p) -> op(p); issue #16: the
// wrapper, the start routine, for_n and the callback are cloned for it)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// CHECK: WARNING: Raceway: data race on total
#include "Inputs/corpus.h"
RACEWAY_TRACKED(long, total);
static __attribute__((noinline)) void add_one(long *p) {
  *p += 1; // CHECK-DAG: racy_escape_callback.c:[[@LINE]]:
}
static __attribute__((noinline)) void for_n(void (*op)(long *), long *p, int n) {
  for (int i = 0; i < n; i++)
    op(p);
}
static void *work(void *arg) {
  for_n(add_one, arg, 50);
  return 0;
}
int main(void) {
  pthread_t a = spawn(work, &total), b = spawn(work, &total);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return DONE();
}
// CHECK: Raceway: {{[0-9]+}} data race
