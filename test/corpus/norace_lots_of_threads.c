// Expected: no race (lots_of_threads: 300 threads, joined in rounds)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
#include <stdatomic.h>
RACEWAY_TRACKED(long, total);
static atomic_long hits;
static void *work(void *arg) {
  atomic_fetch_add(&hits, 1);
  return 0;
}
int main(void) {
  for (int round = 0; round < 5; round++) {
    pthread_t t[60];
    for (int i = 0; i < 60; i++)
      t[i] = spawn(work, 0);
    for (int i = 0; i < 60; i++)
      pthread_join(t[i], 0);
    total += atomic_load(&hits);
  }
  printf("%ld\n", total);
  return DONE();
}
