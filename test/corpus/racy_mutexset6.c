// Expected: RACE (mutexset6: T2 used mtx1 before T1, then writes under mtx2 and a read lock)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK: WARNING: Raceway: data race on Global
#include "Inputs/corpus.h"
RACEWAY_TRACKED(int, Global);
static pthread_mutex_t mtx1 = PTHREAD_MUTEX_INITIALIZER, mtx2 = PTHREAD_MUTEX_INITIALIZER;
static pthread_rwlock_t mtx3 = PTHREAD_RWLOCK_INITIALIZER;
static void *t1(void *arg) {
  step_wait(1);
  pthread_mutex_lock(&mtx1);       /* acquires T2's earlier release only */
  Global++; // CHECK-DAG: racy_mutexset6.c:[[@LINE]]:
  pthread_mutex_unlock(&mtx1);
  step_go(2);
  return 0;
}
static void *t2(void *arg) {
  pthread_mutex_lock(&mtx1);
  pthread_mutex_unlock(&mtx1);
  step_go(1);
  step_wait(2);
  pthread_mutex_lock(&mtx2);
  pthread_rwlock_rdlock(&mtx3);
  Global--; // CHECK-DAG: racy_mutexset6.c:[[@LINE]]:
  pthread_rwlock_unlock(&mtx3);
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
