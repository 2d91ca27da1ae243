// Expected: RACE (mutexset3: one side holds two locks, the other none)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK: WARNING: Raceway: data race on Global
#include "Inputs/corpus.h"
RACEWAY_TRACKED(int, Global);
static pthread_mutex_t mtx1 = PTHREAD_MUTEX_INITIALIZER, mtx2 = PTHREAD_MUTEX_INITIALIZER;
static void *t1(void *arg) {
  pthread_mutex_lock(&mtx1);
  pthread_mutex_lock(&mtx2);
  Global++; // CHECK-DAG: racy_two_locks_vs_none.c:[[@LINE]]:
  pthread_mutex_unlock(&mtx2);
  pthread_mutex_unlock(&mtx1);
  step_go(1);
  return 0;
}
static void *t2(void *arg) {
  step_wait(1);
  Global--; // CHECK-DAG: racy_two_locks_vs_none.c:[[@LINE]]:
  return 0;
}
int main(void) {
  raceway_name_lock(&mtx1, "mtx1");
  raceway_name_lock(&mtx2, "mtx2");
  pthread_t a = spawn(t1, 0), b = spawn(t2, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return DONE();
}
// CHECK: locks held: mtx1, mtx2
// CHECK: Raceway: {{[0-9]+}} data race
