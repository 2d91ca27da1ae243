// Expected: no race (issue #15: every timed, clock and try variant of the
// lock, wait and join functions glibc exports orders as its plain form:
// each hands one variable from a worker to main through that variant only)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// CHECK-NOT: WARNING: Raceway
// CHECK: handed 17
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#define _GNU_SOURCE
#include "Inputs/corpus.h"
#include <errno.h>
#include <semaphore.h>
#include <threads.h>
#include <time.h>
enum { N = 17 };
int v[N] RACEWAY_TRACK;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static pthread_spinlock_t spin;
static sem_t sem;
static mtx_t cmtx;
static cnd_t ccnd;
static int ready;   /* under mu or cmtx */

static struct timespec later(clockid_t c) {
  struct timespec ts;
  clock_gettime(c, &ts);
  ts.tv_sec += 600;   /* a bound against hangs only */
  return ts;
}

/* Worker k writes v[k] and releases through the plain form of variant k. */
static void *worker(void *arg) {
  int k = (int)(long)arg;
  switch (k) {
  case 0: case 1: case 15:
    pthread_mutex_lock(&mu); v[k] = k; pthread_mutex_unlock(&mu); break;
  case 2: case 3: case 4: case 5: case 16:
    pthread_rwlock_wrlock(&rw); v[k] = k; pthread_rwlock_unlock(&rw); break;
  case 6: case 7:
    pthread_mutex_lock(&mu); v[k] = k; ready = 1;
    pthread_cond_signal(&cv); pthread_mutex_unlock(&mu); break;
  case 8: case 9: case 10:
    v[k] = k; sem_post(&sem); break;
  case 11: case 12:
    v[k] = k; break;                  /* joined */
  case 13:
    mtx_lock(&cmtx); v[k] = k; ready = 1; cnd_signal(&ccnd); mtx_unlock(&cmtx); break;
  case 14:
    pthread_spin_lock(&spin); v[k] = k; pthread_spin_unlock(&spin); break;
  }
  step_go(k + 1);
  return 0;
}

/* Main acquires through variant k (after the worker is done in time). */
static void take(int k, pthread_t t) {
  struct timespec rt = later(CLOCK_REALTIME), mono = later(CLOCK_MONOTONIC);
  switch (k) {
  case 0: pthread_mutex_timedlock(&mu, &rt); break;
  case 1: pthread_mutex_clocklock(&mu, CLOCK_MONOTONIC, &mono); break;
  case 2: pthread_rwlock_timedrdlock(&rw, &rt); break;
  case 3: pthread_rwlock_timedwrlock(&rw, &rt); break;
  case 4: pthread_rwlock_clockrdlock(&rw, CLOCK_MONOTONIC, &mono); break;
  case 5: pthread_rwlock_clockwrlock(&rw, CLOCK_MONOTONIC, &mono); break;
  case 6: case 7:
    pthread_mutex_lock(&mu);
    while (!ready) {
      if (k == 6) pthread_cond_timedwait(&cv, &mu, &rt);
      else pthread_cond_clockwait(&cv, &mu, CLOCK_MONOTONIC, &mono);
    }
    ready = 0;
    break;
  case 8: sem_timedwait(&sem, &rt); break;
  case 9: sem_clockwait(&sem, CLOCK_MONOTONIC, &mono); break;
  case 10: while (sem_trywait(&sem) != 0) sched_yield(); break;
  case 11: pthread_timedjoin_np(t, 0, &rt); break;
  case 12: pthread_clockjoin_np(t, 0, CLOCK_MONOTONIC, &mono); break;
  case 13:
    mtx_lock(&cmtx);
    while (!ready)
      cnd_timedwait(&ccnd, &cmtx, &rt);
    ready = 0;
    break;
  case 14: while (pthread_spin_trylock(&spin) != 0) sched_yield(); break;
  case 15: while (pthread_mutex_trylock(&mu) != 0) sched_yield(); break;
  case 16: while (pthread_rwlock_tryrdlock(&rw) != 0) sched_yield(); break;
  }
}

static void untake(int k) {
  switch (k) {
  case 0: case 1: case 6: case 7: case 15: pthread_mutex_unlock(&mu); break;
  case 2: case 3: case 4: case 5: case 16: pthread_rwlock_unlock(&rw); break;
  case 13: mtx_unlock(&cmtx); break;
  case 14: pthread_spin_unlock(&spin); break;
  }
}

int main(void) {
  pthread_spin_init(&spin, 0);
  sem_init(&sem, 0, 0);
  mtx_init(&cmtx, mtx_timed);
  cnd_init(&ccnd);
  int handed = 0;
  for (int k = 0; k < N; k++) {
    pthread_t t = spawn(worker, (void *)(long)k);
    if (k == 6 || k == 7 || k == 13)
      ;                       /* the wait itself waits for the worker */
    else
      step_wait(k + 1);
    take(k, t);
    handed += v[k] == k;
    v[k] = -1;
    untake(k);
    if (k != 11 && k != 12)
      pthread_join(t, 0);
  }
  printf("handed %d\n", handed);
  return DONE();
}
