/*
 * rwcache.c - a read-mostly cache under one pthread rwlock: THREADS threads
 * each make OPS operations, 90% reads (read lock: a slot and the tracked
 * version) and 10% updates (write lock: a slot and the tracked version
 * counter), with a little untracked work between operations.  Contention
 * is on the lock: a writer waits for the readers, readers for a writer.
 *
 *   rwcache THREADS OPS
 *
 * Prints a checksum and checks that the version counts the updates.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#ifdef RACEWAY_BENCH
#include <raceway/raceway.h>
#else
#define RACEWAY_TRACKED(type, name) type name
#endif

#define SLOTS 64
#define MAX_THREADS 8

static struct {
  pthread_rwlock_t lock;
  RACEWAY_TRACKED(long, version);
  long val[SLOTS];
} cache = {PTHREAD_RWLOCK_INITIALIZER};
static long ops;
static long updates[MAX_THREADS];

static void *worker(void *arg) {
  uintptr_t id = (uintptr_t)arg;
  uint64_t x = (id + 1) * 0x9e3779b97f4a7c15ull, acc = 0;
  for (long i = 0; i < ops; i++) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;   /* xorshift */
    if (x % 10 == 0) {
      pthread_rwlock_wrlock(&cache.lock);
      cache.val[x % SLOTS]++;
      cache.version++;
      pthread_rwlock_unlock(&cache.lock);
      updates[id]++;
    } else {
      pthread_rwlock_rdlock(&cache.lock);
      acc += (uint64_t)cache.val[x % SLOTS] + (uint64_t)cache.version;
      pthread_rwlock_unlock(&cache.lock);
    }
    for (int k = 0; k < 50; k++)   /* untracked work between operations */
      acc = acc * 31 + (uint64_t)k;
  }
  return (void *)(uintptr_t)acc;
}

int main(int argc, char **argv) {
  int nthreads = argc > 1 ? atoi(argv[1]) : 2;
  ops = argc > 2 ? atol(argv[2]) : 1000000;
  if (nthreads < 1 || nthreads > MAX_THREADS || ops < 1) {
    fprintf(stderr, "usage: %s THREADS(1..8) OPS\n", argv[0]);
    return 2;
  }
  pthread_t tid[MAX_THREADS];
  for (long i = 0; i < nthreads; i++)
    if (pthread_create(&tid[i], 0, worker, (void *)(uintptr_t)i) != 0)
      return 1;
  uint64_t sum = 0;
  long total = 0;
  for (int i = 0; i < nthreads; i++) {
    void *r;
    pthread_join(tid[i], &r);
    sum += (uintptr_t)r;
    total += updates[i];
  }
  printf("checksum=%016llx version=%ld\n", (unsigned long long)sum, cache.version);
  return cache.version == total ? 0 : 1;
}
