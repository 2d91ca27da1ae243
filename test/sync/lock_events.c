// Lock, spawn and await events from the interceptors: types, ids with a
// new generation after destroy + init, locations from the pass's callsite,
// no event for a failed trylock, faithful records of an unlock by a thread
// that does not hold the lock and of a thread that exits holding one.
// RUN: %rwcc -g -O0 %s -o %t %rwlibs
// RUN: env RACEWAY_LOCK_EVENTS=all RACEWAY_OUTPUT=%t.events %t | FileCheck %s --check-prefix=OUT
// RUN: grep -o '"kind":{"[A-Za-z]*":{[^}]*}' %t.events > %t.kinds
// RUN: FileCheck %s --input-file=%t.kinds
// RUN: FileCheck %s --input-file=%t.kinds --check-prefix=CHILD
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <raceway/raceway.h>

RACEWAY_TRACKED(int, v);
static pthread_mutex_t m;
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static pthread_spinlock_t sp;

static void *holder(void *arg) {
  pthread_mutex_lock(&m); // CHILD: "LockAcquire":{"lock_id":"mutex@0x{{[0-9a-f]+}}#1","lock_type":"Mutex","location":"{{.*}}lock_events.c:[[@LINE]]:
  return 0;                /* exits holding m */
}

int main(void) {
  pthread_mutex_init(&m, 0);
  pthread_mutex_lock(&m);   // CHECK: "LockAcquire":{"lock_id":"[[M:mutex@0x[0-9a-f]+]]","lock_type":"Mutex","location":"{{.*}}lock_events.c:[[@LINE]]:
  v = 1;                    // CHECK-NEXT: "StateChange":{"variable":"v"
  pthread_mutex_unlock(&m); // CHECK-NEXT: "LockRelease":{"lock_id":"[[M]]","lock_type":"Mutex","location":"{{.*}}lock_events.c:[[@LINE]]:
  pthread_mutex_destroy(&m);
  pthread_mutex_init(&m, 0);
  pthread_mutex_lock(&m);   // CHECK-NEXT: "LockAcquire":{"lock_id":"[[M]]#1"
  pthread_t t;
  pthread_create(&t, 0, holder, 0); // CHECK-NEXT: "AsyncSpawn":{"task_id":"[[TASK:[0-9a-f-]+]]","spawned_by":"{{.*}}lock_events.c:[[@LINE]]:
  pthread_mutex_unlock(&m);         // CHECK: "LockRelease":{"lock_id":"[[M]]#1"
  pthread_join(t, 0);               // CHECK: "AsyncAwait":{"future_id":"[[TASK]]","awaited_at":"{{.*}}lock_events.c:[[@LINE]]:
  int busy = pthread_mutex_trylock(&m) == EBUSY;  /* held by the dead thread */
  int rc = pthread_mutex_unlock(&m);               // CHECK-NEXT: "LockRelease":{"lock_id":"[[M]]#1"
  pthread_rwlock_rdlock(&rw);       // CHECK-NEXT: "LockAcquire":{"lock_id":"[[RW:rwlock@0x[0-9a-f]+]]","lock_type":"RwLock-Read"
  pthread_rwlock_unlock(&rw);       // CHECK-NEXT: "LockRelease":{"lock_id":"[[RW]]","lock_type":"RwLock-Read"
  pthread_rwlock_wrlock(&rw);       // CHECK-NEXT: "LockAcquire":{"lock_id":"[[RW]]","lock_type":"RwLock-Write"
  pthread_rwlock_unlock(&rw);       // CHECK-NEXT: "LockRelease":{"lock_id":"[[RW]]","lock_type":"RwLock-Write"
  pthread_spin_init(&sp, 0);
  pthread_spin_lock(&sp);           // CHECK-NEXT: "LockAcquire":{"lock_id":"{{spin@0x[0-9a-f]+}}","lock_type":"Spin"
  pthread_spin_unlock(&sp);         // CHECK-NEXT: "LockRelease":{"lock_id":"{{spin@0x[0-9a-f]+}}","lock_type":"Spin"
  printf("busy=%d unlock=%d\n", busy, rc);
  // OUT: busy=1 unlock=0
  return 0;
}
