/*
 * atomic_ops.c - cost of one C11 atomic on untracked memory once the
 * program has tracked state (so happens-before edges are live), one
 * thread, for callgrind's per-operation counts (run.sh style: a run of
 * 2N minus a run of N).
 *
 *   atomic_ops MODE N
 *
 *   spin     N acquire loads of a flag published once (a reader spinning
 *            on a flag that does not change)
 *   publish  N release stores of a flag, nothing acquired in between (a
 *            producer publishing a counter)
 *   pair     N release stores each followed by an acquire load of the
 *            same flag
 *   lock     N lock/unlock pairs of one mutex (the lock path once tracking
 *            is live)
 *   locked   the same with a tracked read and write inside (each in a new
 *            epoch: the unlock ticks the thread's clock)
 *   stream   two threads: one release-stores 1..N into a flag, the other
 *            acquires each value (a FIFO's producer and consumer: the
 *            producer joins nothing, it waits on a relaxed ack); waiting
 *            yields, so under valgrind the threads alternate
 *
 * One tracked write at the start makes the edges live.  Prints mode=, n=.
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef RACEWAY_BENCH
#include <raceway/raceway.h>
#else
#define RACEWAY_TRACKED(type, name) type name
#endif

static RACEWAY_TRACKED(long, tracked);
static _Alignas(64) atomic_long flag;
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static _Alignas(64) atomic_long ack;

static void *consume(void *arg) {
  long n = *(long *)arg;
  for (long i = 1; i <= n; i++) {
    while (atomic_load_explicit(&flag, memory_order_acquire) != i)
      sched_yield();
    atomic_store_explicit(&ack, i, memory_order_relaxed);
  }
  return 0;
}

static long stream(long n) {
  pthread_t c;
  atomic_store_explicit(&flag, 0, memory_order_release);
  if (pthread_create(&c, 0, consume, &n))
    return -1;
  for (long i = 1; i <= n; i++) {
    atomic_store_explicit(&flag, i, memory_order_release);
    while (atomic_load_explicit(&ack, memory_order_relaxed) != i)
      sched_yield();
  }
  pthread_join(c, 0);
  return n;
}

int main(int argc, char **argv) {
  long n = argc > 2 ? atol(argv[2]) : 0;
  if (argc < 3 || n < 1) {
    fprintf(stderr, "usage: %s spin|publish|pair|lock|locked|stream N\n", argv[0]);
    return 2;
  }
  tracked = 1;
  atomic_store_explicit(&flag, 1, memory_order_release);
  long sum = 0;
  const char *mode = argv[1];
  if (!strcmp(mode, "spin")) {
    for (long i = 0; i < n; i++)
      sum += atomic_load_explicit(&flag, memory_order_acquire);
  } else if (!strcmp(mode, "publish")) {
    for (long i = 0; i < n; i++)
      atomic_store_explicit(&flag, i, memory_order_release);
    sum = n;
  } else if (!strcmp(mode, "pair")) {
    for (long i = 0; i < n; i++) {
      atomic_store_explicit(&flag, 1, memory_order_release);
      sum += atomic_load_explicit(&flag, memory_order_acquire);
    }
  } else if (!strcmp(mode, "lock") || !strcmp(mode, "locked")) {
    int inside = !strcmp(mode, "locked");
    for (long i = 0; i < n; i++) {
      pthread_mutex_lock(&m);
      if (inside)
        tracked++;
      sum++;
      pthread_mutex_unlock(&m);
    }
  } else if (!strcmp(mode, "stream")) {
    sum = stream(n);
  } else {
    fprintf(stderr, "atomic_ops: unknown mode %s\n", mode);
    return 2;
  }
  if (sum != n)
    return 1;
  printf("mode=%s n=%ld\n", mode, n);
  return 0;
}
