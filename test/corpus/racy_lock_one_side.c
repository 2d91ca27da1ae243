// Expected: RACE (mutexset1: only the first access holds the lock)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK: WARNING: Raceway: data race on Global
#include "Inputs/corpus.h"
RACEWAY_TRACKED(int, Global);
static pthread_mutex_t mtx = PTHREAD_MUTEX_INITIALIZER;
static void *t1(void *arg) {
  pthread_mutex_lock(&mtx);
  Global++; // CHECK-DAG: racy_lock_one_side.c:[[@LINE]]:
  pthread_mutex_unlock(&mtx);
  step_go(1);
  return 0;
}
static void *t2(void *arg) {
  step_wait(1);
  Global--; // CHECK-DAG: racy_lock_one_side.c:[[@LINE]]:
  return 0;
}
int main(void) {
  raceway_name_lock(&mtx, "mtx");
  pthread_t a = spawn(t1, 0), b = spawn(t2, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return DONE();
}
// CHECK: locks held: mtx
// CHECK: Raceway: {{[0-9]+}} data race
