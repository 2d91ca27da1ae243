/*
 * scale.c - many threads doing locked updates of tracked counters.
 *
 *   scale THREADS UPDATES_PER_THREAD
 *
 * 16 counters, each with its own mutex; thread i updates counter
 * (i + k) % 16 on its k-th update (lock, one tracked read-modify-write,
 * unlock).  All threads are created first and released together by a
 * barrier, so THREADS threads are alive at once (stacks of 256 KiB).
 * Prints the total and checks it.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#ifdef RACEWAY_BENCH
#include <raceway/raceway.h>
#else
#define RACEWAY_TRACKED(type, name) type name
#endif

#define NCOUNTERS 16

static struct counter {
  pthread_mutex_t lock;
  RACEWAY_TRACKED(long, value);
} __attribute__((aligned(64))) counters[NCOUNTERS];
static pthread_barrier_t start;
static long updates;

static void *worker(void *arg) {
  long id = (long)arg;
  pthread_barrier_wait(&start);
  for (long k = 0; k < updates; k++) {
    struct counter *c = &counters[(id + k) % NCOUNTERS];
    pthread_mutex_lock(&c->lock);
    c->value++;
    pthread_mutex_unlock(&c->lock);
  }
  return 0;
}

int main(int argc, char **argv) {
  long nthreads = argc > 1 ? atol(argv[1]) : 16;
  updates = argc > 2 ? atol(argv[2]) : 1000;
  if (nthreads < 1 || nthreads > 100000 || updates < 1) {
    fprintf(stderr, "usage: %s THREADS UPDATES_PER_THREAD\n", argv[0]);
    return 2;
  }
  for (int i = 0; i < NCOUNTERS; i++)
    pthread_mutex_init(&counters[i].lock, 0);
  pthread_t *tid = malloc(nthreads * sizeof *tid);
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 256 * 1024);
  pthread_barrier_init(&start, 0, (unsigned)nthreads);
  for (long i = 0; i < nthreads; i++)
    if (pthread_create(&tid[i], &attr, worker, (void *)i) != 0) {
      perror("scale: pthread_create");
      return 1;
    }
  for (long i = 0; i < nthreads; i++)
    pthread_join(tid[i], 0);
  long total = 0;
  for (int i = 0; i < NCOUNTERS; i++)
    total += counters[i].value;
  if (total != nthreads * updates) {
    fprintf(stderr, "scale: total %ld, expected %ld\n", total, nthreads * updates);
    return 1;
  }
  printf("threads=%ld total=%ld\n", nthreads, total);
  free(tid);
  return 0;
}
