// Expected: RACE (mutexset5: each side holds a different lock)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK: WARNING: Raceway: data race on Global
#include "Inputs/corpus.h"
RACEWAY_TRACKED(int, Global);
static pthread_mutex_t mtx1 = PTHREAD_MUTEX_INITIALIZER, mtx2 = PTHREAD_MUTEX_INITIALIZER;
static void *t1(void *arg) {
  pthread_mutex_lock(&mtx1);
  Global++; // CHECK-DAG: racy_different_locks.c:[[@LINE]]:
  pthread_mutex_unlock(&mtx1);
  step_go(1);
  return 0;
}
static void *t2(void *arg) {
  step_wait(1);
  pthread_mutex_lock(&mtx2);
  Global--; // CHECK-DAG: racy_different_locks.c:[[@LINE]]:
  pthread_mutex_unlock(&mtx2);
  return 0;
}
int main(void) {
  pthread_t a = spawn(t1, 0), b = spawn(t2, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return DONE();
}
// CHECK: Raceway: {{[0-9]+}} data race
