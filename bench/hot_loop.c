/*
 * hot_loop.c - cost of one tracked access.
 *
 *   hot_loop THREADS ITERS [ROUND]
 *
 * Each thread increments its own tracked counter ITERS times (one read and
 * one write per iteration), and every 1024 iterations adds to a shared
 * tracked total under a mutex, so the 2-thread run exercises the detector
 * with real happens-before edges and no race.  Prints one line:
 *
 *   ns_per_access=<timed ns per thread / (2 * ITERS)>
 *
 * ROUND > 0 (Raceway build only, -DRACEWAY_BENCH): the loop runs in rounds
 * of ROUND iterations and the thread calls raceway_flush() between rounds,
 * outside the timed part.  A round that fits in the thread's ring measures
 * the hot path as designed (capture with room, detector); ROUND = 0 times
 * the sustained loop, where the ring fills faster than any flusher can
 * drain it and most events take the drop path.
 *
 * The empty asm with a "memory" clobber keeps -O2 from folding the loop
 * into one add in the plain and TSan builds, so all three builds execute
 * the same loads and stores; run.sh subtracts the plain figure to get the
 * cost added per access.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#ifdef RACEWAY_BENCH
#include <raceway/raceway.h>
#endif

#define TRACKED __attribute__((annotate("raceway")))

/* One tracked counter per thread, each on its own cache line so that the
 * 2-thread run measures the runtime, not false sharing. */
static struct {
  TRACKED long v;
  char pad[56];
} counters[2];
static TRACKED long shared_total;
static pthread_mutex_t total_lock = PTHREAD_MUTEX_INITIALIZER;
static long iters, round_len;
static double thread_ns[2];

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void loop(long idx, long from, long to) {
  for (long i = from; i < to; i++) {
    counters[idx].v++;
    __asm__ volatile("" ::: "memory");
    if ((i & 1023) == 1023) {
      pthread_mutex_lock(&total_lock);
      shared_total += 1024;
      pthread_mutex_unlock(&total_lock);
    }
  }
}

static void *worker(void *arg) {
  long idx = (long)arg;
  long step = round_len > 0 ? round_len : iters;
  double spent = 0;
  for (long from = 0; from < iters; from += step) {
    long to = from + step < iters ? from + step : iters;
    double t0 = now_ns();
    loop(idx, from, to);
    spent += now_ns() - t0;
#ifdef RACEWAY_BENCH
    if (round_len > 0)
      raceway_flush(10000);
#endif
  }
  thread_ns[idx] = spent;
  return 0;
}

int main(int argc, char **argv) {
  if (argc != 3 && argc != 4) {
    fprintf(stderr, "usage: %s THREADS(1|2) ITERS [ROUND]\n", argv[0]);
    return 2;
  }
  int nthreads = atoi(argv[1]);
  iters = atol(argv[2]);
  round_len = argc == 4 ? atol(argv[3]) : 0;
  if (nthreads < 1 || nthreads > 2 || iters < 1) {
    fprintf(stderr, "hot_loop: THREADS must be 1 or 2, ITERS > 0\n");
    return 2;
  }
  pthread_t tid[2];
  for (long i = 0; i < nthreads; i++)
    if (pthread_create(&tid[i], 0, worker, (void *)i) != 0) {
      perror("pthread_create");
      return 1;
    }
  for (int i = 0; i < nthreads; i++)
    pthread_join(tid[i], 0);
  long expect = (iters / 1024) * 1024 * nthreads;
  if (shared_total != expect) {
    fprintf(stderr, "hot_loop: total %ld, expected %ld\n", shared_total, expect);
    return 1;
  }
  double ns = 0;
  for (int i = 0; i < nthreads; i++)
    ns += thread_ns[i];
  printf("ns_per_access=%.3f\n", ns / (2.0 * iters * nthreads));
  return 0;
}
