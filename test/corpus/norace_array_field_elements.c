// Expected: no race (each thread owns one element of an array field; the
// elements are separate variables even though the index is a run-time
// value, issue #15 class 1)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: FileCheck --check-prefix=EVENTS %s < %t.events
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// EVENTS-DAG: "variable":"Ring@0x{{[0-9a-f]+}}.slots[0]"
// EVENTS-DAG: "variable":"Ring@0x{{[0-9a-f]+}}.slots[3]"
#include "Inputs/corpus.h"
#include <stdlib.h>
struct Ring { long head; RACEWAY_TRACKED(int, slots[4]); };
static struct Ring *ring;
static void *worker(void *arg) {
  int i = (int)(long)arg;
  for (int n = 0; n < 100; n++)
    ring->slots[i] += n;
  return 0;
}
int main(void) {
  ring = calloc(1, sizeof *ring);
  pthread_t t[4];
  for (long i = 0; i < 4; i++)
    t[i] = spawn(worker, (void *)i);
  for (int i = 0; i < 4; i++)
    pthread_join(t[i], 0);
  free(ring);
  return DONE();
}
