// Expected: no race (a tracked function-static counter under a mutex,
// issue #15 class 4)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: FileCheck --check-prefix=EVENTS %s < %t.events
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// EVENTS: "variable":"count_hit.hits"
#include "Inputs/corpus.h"
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static int count_hit(void) {
  static RACEWAY_TRACKED(int, hits);
  pthread_mutex_lock(&mu);
  int n = ++hits;
  pthread_mutex_unlock(&mu);
  return n;
}
static void *worker(void *arg) {
  for (int i = 0; i < 100; i++)
    count_hit();
  return 0;
}
int main(void) {
  pthread_t a = spawn(worker, 0), b = spawn(worker, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return DONE();
}
