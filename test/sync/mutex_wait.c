// Once tracking is live, a mutex or rwlock lock that finds the lock held
// first waits a moment for it (RACEWAY_LOCK_SPIN pauses), then takes the
// real lock: what the lock returns and what it orders stay the real lock's,
// for each mutex type and an rwlock, with the longest wait and with none.
// Threads contend on counters under a mutex, a C11 mutex and an rwlock (no
// race); one variable is written unguarded (the race still found).  A bad
// value is said once.
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_LOCK_SPIN=100000 %t 2>&1 | FileCheck %s
// RUN: env RACEWAY_LOCK_SPIN=0 %t 2>&1 | FileCheck %s
// RUN: env RACEWAY_LOCK_SPIN=-1 %t 2>&1 | FileCheck %s --check-prefix=BAD
//
// CHECK: errorcheck relocked by its owner: EDEADLK
// CHECK: recursive relocked: 0 0
// CHECK: robust, its owner gone: EOWNERDEAD, made consistent: 0
// CHECK: rwlock relocked by its writer: EDEADLK
// CHECK: counted under the mutex: 200000
// CHECK: counted under the C11 mutex: 200000
// CHECK: counted under the rwlock: 200000, read 200000 times
// CHECK-NOT: data race on rw_guarded
// CHECK-NOT: data race on guarded
// CHECK: WARNING: Raceway: data race on unguarded
// CHECK-NOT: data race on guarded
// BAD: raceway: RACEWAY_LOCK_SPIN='-1' is not a number in 0..100000; using 100
// BAD-NOT: raceway: RACEWAY_LOCK_SPIN
#include <errno.h>
#include <pthread.h>
#include <raceway/raceway.h>
#include <stdio.h>
#include <threads.h>

#define THREADS 4
#define ROUNDS 50000

RACEWAY_TRACKED(long, guarded);
RACEWAY_TRACKED(long, c11_guarded);
RACEWAY_TRACKED(long, unguarded);
RACEWAY_TRACKED(long, rw_guarded);
static long reads;
static pthread_rwlock_t rwl = PTHREAD_RWLOCK_INITIALIZER;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static mtx_t c11_lock;
static pthread_mutex_t robust;

static void *count(void *arg) {
  (void)arg;
  for (int i = 0; i < ROUNDS; i++) {
    pthread_mutex_lock(&lock);
    guarded++;
    pthread_mutex_unlock(&lock);
    mtx_lock(&c11_lock);
    c11_guarded++;
    mtx_unlock(&c11_lock);
    pthread_rwlock_wrlock(&rwl);
    rw_guarded++;
    pthread_rwlock_unlock(&rwl);
    pthread_rwlock_rdlock(&rwl);
    long seen = rw_guarded;
    pthread_rwlock_unlock(&rwl);
    pthread_mutex_lock(&lock);
    reads += seen > 0;
    pthread_mutex_unlock(&lock);
  }
  unguarded = 1;
  return 0;
}

static void *lock_and_leave(void *arg) {
  (void)arg;
  pthread_mutex_lock(&robust);
  return 0;                    /* ends holding it */
}

static void make(pthread_mutex_t *m, int type, int robustness) {
  pthread_mutexattr_t a;
  pthread_mutexattr_init(&a);
  pthread_mutexattr_settype(&a, type);
  pthread_mutexattr_setrobust(&a, robustness);
  pthread_mutex_init(m, &a);
  pthread_mutexattr_destroy(&a);
}

int main(void) {
  unguarded = 0;               /* tracking live: every lock below may wait */
  pthread_mutex_t check, rec;
  make(&check, PTHREAD_MUTEX_ERRORCHECK, PTHREAD_MUTEX_STALLED);
  pthread_mutex_lock(&check);
  int rc = pthread_mutex_lock(&check);
  printf("errorcheck relocked by its owner: %s\n", rc == EDEADLK ? "EDEADLK" : "other");
  pthread_mutex_unlock(&check);

  make(&rec, PTHREAD_MUTEX_RECURSIVE, PTHREAD_MUTEX_STALLED);
  pthread_mutex_lock(&rec);
  rc = pthread_mutex_lock(&rec);
  int rc2 = pthread_mutex_unlock(&rec);
  printf("recursive relocked: %d %d\n", rc, rc2);
  pthread_mutex_unlock(&rec);

  make(&robust, PTHREAD_MUTEX_NORMAL, PTHREAD_MUTEX_ROBUST);
  pthread_t th[THREADS];
  pthread_create(&th[0], 0, lock_and_leave, 0);
  pthread_join(th[0], 0);
  rc = pthread_mutex_lock(&robust);
  printf("robust, its owner gone: %s, made consistent: %d\n",
         rc == EOWNERDEAD ? "EOWNERDEAD" : "other", pthread_mutex_consistent(&robust));
  pthread_mutex_unlock(&robust);

  pthread_rwlock_wrlock(&rwl);
  rc = pthread_rwlock_wrlock(&rwl);
  printf("rwlock relocked by its writer: %s\n", rc == EDEADLK ? "EDEADLK" : "other");
  pthread_rwlock_unlock(&rwl);

  mtx_init(&c11_lock, mtx_plain);
  for (int i = 0; i < THREADS; i++)
    pthread_create(&th[i], 0, count, 0);
  for (int i = 0; i < THREADS; i++)
    pthread_join(th[i], 0);
  printf("counted under the mutex: %ld\n", guarded);
  printf("counted under the C11 mutex: %ld\n", c11_guarded);
  printf("counted under the rwlock: %ld, read %ld times\n", rw_guarded, reads);
  fflush(stdout);
  return 0;
}
