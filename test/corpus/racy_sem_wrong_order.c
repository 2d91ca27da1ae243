// Expected: RACE (the semaphore is posted before the write it should publish)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK: WARNING: Raceway: data race on slot_value
#include "Inputs/corpus.h"
#include <semaphore.h>
RACEWAY_TRACKED(int, slot_value);
static sem_t full;
static void *producer(void *arg) {
  sem_post(&full);
  step_wait(1);
  slot_value = 7; // CHECK-DAG: racy_sem_wrong_order.c:[[@LINE]]:
  return 0;
}
int main(void) {
  sem_init(&full, 0, 0);
  pthread_t t = spawn(producer, 0);
  sem_wait(&full);
  slot_value = 1; // CHECK-DAG: racy_sem_wrong_order.c:[[@LINE]]:
  step_go(1);
  pthread_join(t, 0);
  return DONE();
}
// CHECK: Raceway: {{[0-9]+}} data race
