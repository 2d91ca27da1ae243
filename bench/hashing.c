/*
 * hashing.c - mostly untracked work: each thread hashes 64 KiB blocks
 * (untracked buffer, a 64-bit multiply-xorshift hash) and after each block
 * makes three tracked updates under a mutex (blocks, bytes, combined
 * hash).  The tracked part is a few accesses per ~10 us of work, so the
 * overhead here is what a program pays when little of its state is
 * annotated.
 *
 *   hashing THREADS BLOCKS_PER_THREAD
 *
 * Prints the combined hash and checks the counters, so a build that broke
 * the program fails instead of looking fast.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef RACEWAY_BENCH
#include <raceway/raceway.h>
#else
#define RACEWAY_TRACKED(type, name) type name
#endif

#define BLOCK (64 * 1024)
#define MAX_THREADS 8

static struct {
  RACEWAY_TRACKED(long, blocks);
  RACEWAY_TRACKED(long, bytes);
  RACEWAY_TRACKED(uint64_t, combined);
} totals;
static pthread_mutex_t totals_lock = PTHREAD_MUTEX_INITIALIZER;
static long blocks_per_thread;

static uint64_t hash_block(const uint64_t *w, size_t n, uint64_t seed) {
  uint64_t h = seed ^ 0x9e3779b97f4a7c15ull;
  for (size_t i = 0; i < n; i++) {
    uint64_t k = w[i] * 0xbf58476d1ce4e5b9ull;
    k ^= k >> 31;
    h = (h ^ k) * 0x94d049bb133111ebull;
    h ^= h >> 29;
  }
  return h;
}

static void *worker(void *arg) {
  uint64_t x = (uintptr_t)arg * 0x9e3779b97f4a7c15ull + 1;
  uint64_t *buf = malloc(BLOCK);
  if (!buf)
    abort();
  for (size_t i = 0; i < BLOCK / 8; i++) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    buf[i] = x;
  }
  for (long b = 0; b < blocks_per_thread; b++) {
    buf[b % (BLOCK / 8)] ^= (uint64_t)b; /* a different block each time */
    uint64_t h = hash_block(buf, BLOCK / 8, (uint64_t)b);
    pthread_mutex_lock(&totals_lock);
    totals.blocks++;
    totals.bytes += BLOCK;
    totals.combined ^= h;
    pthread_mutex_unlock(&totals_lock);
  }
  free(buf);
  return 0;
}

int main(int argc, char **argv) {
  int nthreads = argc > 1 ? atoi(argv[1]) : 2;
  blocks_per_thread = argc > 2 ? atol(argv[2]) : 20000;
  if (nthreads < 1 || nthreads > MAX_THREADS || blocks_per_thread < 1) {
    fprintf(stderr, "usage: %s THREADS(1..8) BLOCKS_PER_THREAD\n", argv[0]);
    return 2;
  }
  pthread_t tid[MAX_THREADS];
  for (long i = 0; i < nthreads; i++)
    if (pthread_create(&tid[i], 0, worker, (void *)i) != 0)
      return 1;
  for (int i = 0; i < nthreads; i++)
    pthread_join(tid[i], 0);
  if (totals.blocks != nthreads * blocks_per_thread ||
      totals.bytes != (long)BLOCK * nthreads * blocks_per_thread) {
    fprintf(stderr, "hashing: counters wrong\n");
    return 1;
  }
  printf("blocks=%ld combined=%016llx\n", totals.blocks,
         (unsigned long long)totals.combined);
  return 0;
}
