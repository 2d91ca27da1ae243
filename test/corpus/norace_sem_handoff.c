// Expected: no race (semaphore hand-off: post after the write, wait before the read)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
#include <semaphore.h>
RACEWAY_TRACKED(int, slot_value);
static sem_t full;
static void *producer(void *arg) {
  slot_value = 7;
  sem_post(&full);
  return 0;
}
int main(void) {
  sem_init(&full, 0, 0);
  pthread_t t = spawn(producer, 0);
  sem_wait(&full);
  printf("%d\n", slot_value);
  slot_value = 0;
  pthread_join(t, 0);
  sem_destroy(&full);
  return DONE();
}
