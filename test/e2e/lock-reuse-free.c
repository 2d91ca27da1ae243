// Locks in memory that lives, is freed and is reused (issue #13):
// * destroy + init at one address while the memory lives: a new lock,
//   lock_id "mutex@0x...#1" (the record keeps the generation);
// * a freed block forgets its lock entirely (generation too: the new lock's
//   id is the plain one again): a lock set up in the block malloc gives
//   back (same thread: same address) inherits nothing from the freed one,
//   so a write ordered only through the freed lock races with one under
//   the new lock (reported), while two writes under the new lock do not;
// * thousands of locks used, destroyed and freed leave no record behind
//   (RACEWAY_MAX_MEMORY=8: the exit line's "sync" part is back to the
//   two locks that live).
//
// Under ASan the program's free is ASan's, not the runtime's interceptor:
// UNSUPPORTED: sanitize
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: rm -f %t.jsonl
// RUN: env RACEWAY_OUTPUT=%t.jsonl RACEWAY_DEBUG=1 RACEWAY_MAX_MEMORY=8 %t > %t.out 2> %t.err
// RUN: %python %srcroot/test/tools/check_events.py %t.jsonl
// RUN: cat %t.out %t.jsonl | FileCheck %s
// RUN: FileCheck --check-prefix=ERR %s < %t.err
//
// CHECK: lock=[[LOCK:0x[0-9a-f]+]] reused=yes
// CHECK: "LockAcquire":{"lock_id":"mutex@[[LOCK]]",
// CHECK: "LockAcquire":{"lock_id":"mutex@[[LOCK]]#1",
// CHECK: "LockAcquire":{"lock_id":"mutex@[[LOCK]]",
//
// ERR:     WARNING: Raceway: data race on shared
// ERR-NOT: data race on shared2
// ERR:     raceway: {{[0-9]+}} events: {{.*}}; memory KiB used/peak of 8192: {{.*}}sync {{[0-9]}}/{{[0-9]+}}{{,|$}}
// ERR-NOT: data race on shared2
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <raceway/raceway.h>

struct box {
  pthread_mutex_t m;
  RACEWAY_TRACKED(long, v);
};

static RACEWAY_TRACKED(long, shared);
static RACEWAY_TRACKED(long, shared2);
static struct box *first, *second;
static volatile int step;       /* orders in time, not in happens-before */

__attribute__((noinline)) static void go(int n) { step = n; }
__attribute__((noinline)) static void wait_for(int n) {
  while (step < n)
    sched_yield();
}

static void *owner(void *arg) {
  (void)arg;
  first = malloc(sizeof *first);
  pthread_mutex_init(&first->m, 0);
  pthread_mutex_lock(&first->m);
  first->v = 1;
  pthread_mutex_unlock(&first->m);
  /* Re-initialised while the memory lives: a new lock id. */
  pthread_mutex_destroy(&first->m);
  pthread_mutex_init(&first->m, 0);
  pthread_mutex_lock(&first->m);
  first->v = 2;
  shared = 1;
  pthread_mutex_unlock(&first->m);
  /* Freed without a destroy (the free alone must forget the lock), and
   * the same size malloc'd again by the same thread: the same block.  Its
   * lock is set up by assignment, not pthread_mutex_init. */
  uintptr_t old = (uintptr_t)&first->m;
  free(first);
  second = malloc(sizeof *second);
  second->m = (pthread_mutex_t)PTHREAD_MUTEX_INITIALIZER;
  printf("lock=%#lx reused=%s\n", (unsigned long)old,
         (uintptr_t)&second->m == old ? "yes" : "no");
  fflush(stdout);
  go(1);
  wait_for(2);
  pthread_mutex_lock(&second->m);
  shared2 = 3;                   /* no race: after user's, through the lock */
  pthread_mutex_unlock(&second->m);
  return 0;
}

static void *user(void *arg) {
  (void)arg;
  wait_for(1);
  pthread_mutex_lock(&second->m);
  shared = 2;                    /* races: the freed lock orders nothing */
  shared2 = 2;
  pthread_mutex_unlock(&second->m);
  go(2);
  return 0;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, owner, 0);
  pthread_create(&b, 0, user, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  /* History: locks used, destroyed and freed leave nothing behind. */
  static pthread_mutex_t *many[2000];
  for (int i = 0; i < 2000; i++) {
    many[i] = malloc(sizeof *many[i]);
    pthread_mutex_init(many[i], 0);
    pthread_mutex_lock(many[i]);
    shared2 = i;
    pthread_mutex_unlock(many[i]);
    pthread_mutex_destroy(many[i]);
  }
  for (int i = 0; i < 2000; i++)
    free(many[i]);
  pthread_mutex_destroy(&second->m);
  free(second);
  return 0;
}
