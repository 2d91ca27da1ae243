/*
 * churn.c - many short-lived threads: TOTAL threads, created AT_ONCE at a
 * time (create AT_ONCE, join them, repeat); each locks one mutex,
 * increments one tracked counter and exits.  Measures the per-thread
 * set-up and tear-down cost of the runtime and whether per-thread memory
 * is given back.  With `detached`, the threads are created detached and
 * main keeps at most AT_ONCE alive by a relaxed counter (no join, no
 * happens-before from them to the threads created next).
 *
 *   churn TOTAL AT_ONCE [detached]
 *
 * Prints the counter and checks it.
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

static RACEWAY_TRACKED(long, counter);
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_long alive;         /* detached mode: threads not ended yet */

static void *worker(void *arg) {
  pthread_mutex_lock(&lock);
  counter++;
  pthread_mutex_unlock(&lock);
  if (arg)
    atomic_fetch_sub_explicit(&alive, 1, memory_order_relaxed);
  return 0;
}

/* Detached threads, at most at_once alive; 0 or 1. */
static int run_detached(long total, long at_once, pthread_attr_t *attr) {
  pthread_attr_setdetachstate(attr, PTHREAD_CREATE_DETACHED);
  for (long i = 0; i < total; i++) {
    while (atomic_load_explicit(&alive, memory_order_relaxed) >= at_once)
      sched_yield();
    atomic_fetch_add_explicit(&alive, 1, memory_order_relaxed);
    pthread_t t;
    if (pthread_create(&t, attr, worker, &alive) != 0) {
      perror("churn: pthread_create");
      return 1;
    }
  }
  while (atomic_load_explicit(&alive, memory_order_relaxed) > 0)
    sched_yield();
  return 0;
}

int main(int argc, char **argv) {
  long total = argc > 1 ? atol(argv[1]) : 100000;
  long at_once = argc > 2 ? atol(argv[2]) : 8;
  if (total < 1 || at_once < 1 || at_once > 1024) {
    fprintf(stderr, "usage: %s TOTAL AT_ONCE(1..1024) [detached]\n", argv[0]);
    return 2;
  }
  pthread_t tid[1024];
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 256 * 1024);
  long done = 0;
  if (argc > 3 && strcmp(argv[3], "detached") == 0) {
    if (run_detached(total, at_once, &attr))
      return 1;
    done = total;
  }
  while (done < total) {
    long n = total - done < at_once ? total - done : at_once;
    for (long i = 0; i < n; i++)
      if (pthread_create(&tid[i], &attr, worker, 0) != 0) {
        perror("churn: pthread_create");
        return 1;
      }
    for (long i = 0; i < n; i++)
      pthread_join(tid[i], 0);
    done += n;
  }
  pthread_mutex_lock(&lock);     /* orders main after the detached ones */
  long seen = counter;
  pthread_mutex_unlock(&lock);
  if (seen != total) {
    fprintf(stderr, "churn: counter %ld, expected %ld\n", seen, total);
    return 1;
  }
  printf("threads=%ld counter=%ld\n", total, seen);
  return 0;
}
