// Expected: RACE (mutexset2: only the second access holds the lock)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK: WARNING: Raceway: data race on Global
#include "Inputs/corpus.h"
RACEWAY_TRACKED(int, Global);
static pthread_mutex_t mtx = PTHREAD_MUTEX_INITIALIZER;
static void *t1(void *arg) {
  Global++; // CHECK-DAG: racy_lock_other_side.c:[[@LINE]]:
  step_go(1);
  return 0;
}
static void *t2(void *arg) {
  step_wait(1);
  pthread_mutex_lock(&mtx);
  Global--; // CHECK-DAG: racy_lock_other_side.c:[[@LINE]]:
  pthread_mutex_unlock(&mtx);
  return 0;
}
int main(void) {
  pthread_t a = spawn(t1, 0), b = spawn(t2, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return DONE();
}
// CHECK: Raceway: {{[0-9]+}} data race
