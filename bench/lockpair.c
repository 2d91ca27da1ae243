/*
 * lockpair.c - cost of one pthread_mutex_lock / pthread_mutex_unlock pair
 * when the program has no annotation at all: with libraceway linked, only
 * its interceptors run (happens-before bookkeeping for the lock; the pair
 * itself is not recorded under RACEWAY_LOCK_EVENTS=guarding, it guards no
 * tracked access).
 *
 *   lockpair PAIRS
 *
 * One thread, one uncontended mutex.  Prints:
 *
 *   ns_per_pair=<timed ns / PAIRS>
 *
 * run.sh takes instructions per pair from two callgrind runs (PAIRS and
 * 2 x PAIRS), so start-up and exit cancel out.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static long guarded; /* untracked: nothing is annotated in this program */

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv) {
  long pairs = argc > 1 ? atol(argv[1]) : 0;
  if (pairs < 1) {
    fprintf(stderr, "usage: %s PAIRS\n", argv[0]);
    return 2;
  }
  double t0 = now_ns();
  for (long i = 0; i < pairs; i++) {
    pthread_mutex_lock(&m);
    guarded++;
    pthread_mutex_unlock(&m);
  }
  double t1 = now_ns();
  if (guarded != pairs)
    return 1;
  printf("ns_per_pair=%.3f\n", (t1 - t0) / pairs);
  return 0;
}
