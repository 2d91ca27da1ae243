// Expected: RACE (one field reached two ways: through the outer struct,
// pool->q.len, and through a pointer to the inner one, q->len, as
// C-Thread-Pool's thpool_wait and jobqueue_pull do; docs/real-projects.md).
// The two sites race in both orders: that is one race, with one key,
// whichever side is found second.
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_REPORT=%t.json %t > %t.out 2>&1
// RUN: FileCheck %s < %t.out
// RUN: FileCheck --check-prefix=JSON %s < %t.json
// CHECK: WARNING: Raceway: data race on Pool@0x{{[0-9a-f]+}}.q.len
// CHECK-NOT: Queue@
// CHECK-NOT: WARNING: Raceway
// CHECK: Raceway: 1 data race (2 occurrences) on 1 variable
// JSON: "race_count": 1,
#include "Inputs/corpus.h"
#include <stdlib.h>
struct Queue { void *front; RACEWAY_TRACKED(int, len); };
struct Pool { int n; struct Queue q; };
static struct Pool *pool;
static pthread_mutex_t own = PTHREAD_MUTEX_INITIALIZER;
static __attribute__((noinline)) void pull(struct Queue *q) { q->len = 0; }
// One read site, reached twice (thpool_wait's loop condition).
static __attribute__((noinline)) int peek(struct Pool *p) { return p->q.len; }
static void *worker(void *arg) {
  (void)arg;
  step_wait(1);
  pull(&pool->q);
  step_go(2);
  return 0;
}
int main(void) {
  pool = calloc(1, sizeof *pool);
  pool->q.len = 1;
  pthread_t t = spawn(worker, 0);
  int a = peek(pool); // read, outer path: the worker's write finds it
  step_go(1);
  step_wait(2);
  // A lock the worker never takes: main's next read starts a new epoch (a
  // read in the same epoch is not checked again) without ordering it.
  pthread_mutex_lock(&own);
  pthread_mutex_unlock(&own);
  int b = peek(pool); // the same read again: it finds the worker's write
  pthread_join(t, 0);
  printf("%d %d\n", a, b);
  free(pool);
  return DONE();
}
