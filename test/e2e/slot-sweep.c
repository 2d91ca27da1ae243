// Slots of detached threads are reused (rt/sweep.h): 2,000 detached threads,
// at most 4 alive, no join, each updating a counter under a lock.  No clock
// of a later thread covers their ends, so before, each took a slot of its
// own (2,001 slots); now, once 64 of them wait, one sweep forgets their
// threads and any thread takes those slots: the slots stay far below the
// thread count, and the exit line counts the sweeps.
//
// Forgetting must not lose or invent races:
//  - a race with a detached thread that ended, before any sweep, is still
//    reported (late_flag: main writes it once the thread is gone from
//    /proc, with no synchronisation between them);
//  - two live threads created after the reuse still race on `both`;
//  - no race on the counter: every update is under the lock, also in the
//    threads that took a swept slot (a lock last released by a slot's old
//    thread must still hand over that thread's knowledge: hb/sync.c).
// Both with nothing sent and with every event written (the encoder's
// per-slot state starts afresh for a new thread: chains stay whole).
// With nothing sent, an ended thread's ring is freed at its end.
//
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_SEND=none RACEWAY_DEBUG=1 %t 2> %t.err
// RUN: FileCheck %s --check-prefixes=CHECK,NONE < %t.err
// RUN: rm -f %t.jsonl
// RUN: env RACEWAY_OUTPUT=%t.jsonl RACEWAY_DEBUG=1 %t 2> %t.all.err
// RUN: FileCheck %s < %t.all.err
// RUN: %python %srcroot/test/tools/check_chains.py --exit-line %t.all.err %t.jsonl
// A thread detached only after it ended (pthread_detach once it is gone)
// counts too: 150 of them, one after another, keep fewer than 100 slots.
// RUN: env RACEWAY_SEND=none RACEWAY_DEBUG=1 %t late 2> %t.late.err
// RUN: FileCheck %s --check-prefix=LATE < %t.late.err
// LATE: ; slots: {{[0-9][0-9]?}}, rings given up: 0, sweeps: {{[1-9]}}
//
// CHECK-NOT: data race on counter
// CHECK: WARNING: Raceway: data race on late_flag
// CHECK-NOT: data race on counter
// CHECK: WARNING: Raceway: data race on both
// CHECK-NOT: data race on counter
// CHECK: Raceway: 2 data races
// With no flusher, an ended thread's ring is freed at its end (before, each
// kept its ring's 32 KiB until the budget refused rings, at 52 MiB):
// CHECK: raceway: {{[0-9]+}} events:
// NONE-SAME: rings {{[0-9]+}}/{{[0-9]?[0-9]?[0-9]?[0-9]}},
// Fewer than 1,000 slots for 2,001 threads:
// CHECK-SAME: ; slots: {{[0-9]?[0-9]?[0-9]}}, rings given up: {{[0-9]+}}, sweeps: {{[1-9][0-9]*}}
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <raceway/raceway.h>

RACEWAY_TRACKED(long, counter);
RACEWAY_TRACKED(int, late_flag);
RACEWAY_TRACKED(int, both);
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
/* Relaxed: main waits on them with no ordering (an acquire would order). */
static atomic_int alive;
static atomic_long late_tid;

static void *update(void *arg) {
  pthread_mutex_lock(&lock);
  counter++;
  pthread_mutex_unlock(&lock);
  atomic_fetch_sub_explicit(&alive, 1, memory_order_relaxed);
  return arg;
}

static void *late(void *arg) {
  late_flag = 1;
  atomic_store_explicit(&late_tid, (long)syscall(SYS_gettid), memory_order_relaxed);
  return arg;
}

/* Wait until the thread that ran late() is gone (the runtime saw its end
 * before that), with no ordering. */
static void wait_late_gone(void) {
  long tid;
  while ((tid = atomic_load_explicit(&late_tid, memory_order_relaxed)) == 0)
    sched_yield();
  char task[64];
  snprintf(task, sizeof task, "/proc/self/task/%ld", tid);
  while (access(task, F_OK) == 0)
    sched_yield();
  atomic_store_explicit(&late_tid, 0, memory_order_relaxed);
}

/* Joinable threads, each detached once it ended. */
static int detach_late(int n) {
  for (int i = 0; i < n; i++) {
    pthread_t t;
    if (pthread_create(&t, 0, late, 0) != 0)
      return 1;
    wait_late_gone();
    if (pthread_detach(t) != 0)
      return 1;
  }
  return 0;
}

static void *racer(void *arg) {
  both = 1;
  return arg;
}

static void *start_detached(void *(*fn)(void *)) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_t t;
  int rc = pthread_create(&t, &attr, fn, 0);
  pthread_attr_destroy(&attr);
  return rc == 0 ? (void *)1 : 0;
}

int main(int argc, char **argv) {
  if (argc > 1)
    return detach_late(150);
  /* A detached thread ends and, before any sweep, its write races with
   * main's. */
  if (!start_detached(late))
    return 1;
  wait_late_gone();
  late_flag = 2;

  for (int i = 0; i < 2000; i++) {
    while (atomic_load_explicit(&alive, memory_order_relaxed) >= 4)
      sched_yield();
    atomic_fetch_add_explicit(&alive, 1, memory_order_relaxed);
    if (!start_detached(update))
      return 1;
  }
  while (atomic_load_explicit(&alive, memory_order_relaxed) > 0)
    sched_yield();

  pthread_t a, b;
  pthread_create(&a, 0, racer, 0);
  pthread_create(&b, 0, racer, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  pthread_mutex_lock(&lock);
  long total = counter;
  pthread_mutex_unlock(&lock);
  return total == 2000 ? 0 : 1;
}
