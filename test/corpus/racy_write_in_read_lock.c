// Expected: RACE (write_in_reader_lock: a write under a shared lock)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK: WARNING: Raceway: data race on GLOB
#include "Inputs/corpus.h"
RACEWAY_TRACKED(int, GLOB);
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static void *t1(void *arg) {
  step_wait(1);
  pthread_rwlock_rdlock(&rw);
  GLOB = 1; // CHECK-DAG: racy_write_in_read_lock.c:[[@LINE]]:
  pthread_rwlock_unlock(&rw);
  return 0;
}
int main(void) {
  raceway_name_lock(&rw, "rw");
  pthread_t t = spawn(t1, 0);
  pthread_rwlock_rdlock(&rw);
  int v = GLOB; // CHECK-DAG: racy_write_in_read_lock.c:[[@LINE]]:
  step_go(1);
  for (volatile int i = 0; i < 1000000; i++) {}
  pthread_rwlock_unlock(&rw);
  pthread_join(t, 0);
  printf("%d\n", v);
  return DONE();
}
// CHECK: Both held rw (read)
// CHECK: Raceway: {{[0-9]+}} data race
