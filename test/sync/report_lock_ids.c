// The report names locks exactly as the events' lock_id does (one
// function, rw_lock_id): an unnamed mutex is "mutex@0x<addr>", a read-held
// rwlock "rwlock@0x<addr>", in the text report, the JSON report and the
// LockAcquire events and lock_set alike.
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events RACEWAY_REPORT=%t.json %t 2> %t.err
// RUN: cat %t.err %t.json %t.events | FileCheck %s
//
// CHECK: WARNING: Raceway: data race on value
// CHECK: locks held: [[MUTEX:mutex@0x[0-9a-f]+]], [[RWLOCK:rwlock@0x[0-9a-f]+]] (read)
// CHECK: "locks_held": ["[[MUTEX]]", "[[RWLOCK]]"]
// CHECK: "LockAcquire":{"lock_id":"[[MUTEX]]","lock_type":"Mutex"
// CHECK: "LockAcquire":{"lock_id":"[[RWLOCK]]","lock_type":"RwLock-Read"
// CHECK: "variable":"value",{{.*}}"lock_set":["[[MUTEX]]","[[RWLOCK]]"]
#include <pthread.h>
#include <sched.h>
#include <raceway/raceway.h>

static volatile int go;   /* untracked: orders in time, not for the detector */
RACEWAY_TRACKED(long, value);
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;

static void *writer(void *arg) {
  while (!go)
    sched_yield();
  pthread_mutex_lock(&m);
  pthread_rwlock_rdlock(&rw);
  value = 2;                      /* the main thread read without locks */
  pthread_rwlock_unlock(&rw);
  pthread_mutex_unlock(&m);
  return arg;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, writer, 0);
  long v = value;
  go = 1;
  pthread_join(t, 0);
  return (int)v;
}
