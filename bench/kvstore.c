/*
 * kvstore.c - a striped in-memory key-value store: THREADS threads run a
 * mix of 80% gets and 20% puts on 64k keys (256-byte values, chained hash
 * table).  Each operation takes its stripe's mutex and, under it, does the
 * untracked work (hash-chain walk, value copy, a checksum of the value)
 * and updates the stripe's statistics: 5 tracked counters per stripe,
 * 3 of them per operation.  Most of the time under the lock is untracked.
 *
 *   kvstore THREADS OPS_PER_THREAD
 *
 * Prints a checksum and checks that the counters add up.
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

#define NSTRIPES 16
#define NBUCKETS (1 << 16)
#define NKEYS (1 << 16)
#define VALUE 256
#define MAX_THREADS 8

struct entry {
  uint64_t key;
  struct entry *next;
  uint32_t len;
  unsigned char val[VALUE];
};

struct stripe {
  pthread_mutex_t lock;
  RACEWAY_TRACKED(long, gets);
  RACEWAY_TRACKED(long, puts);
  RACEWAY_TRACKED(long, hits);
  RACEWAY_TRACKED(long, misses);
  RACEWAY_TRACKED(long, bytes);
} __attribute__((aligned(64)));

static struct stripe stripes[NSTRIPES];
static struct entry *buckets[NBUCKETS];
static struct entry *pool;
static long npool;
static long ops_per_thread;
static uint64_t results[MAX_THREADS];

static uint64_t mix(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdull;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ull;
  return k ^ (k >> 33);
}

static uint64_t checksum(const unsigned char *p, size_t n) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; i++)
    h = (h ^ p[i]) * 1099511628211ull;
  return h;
}

static struct entry *find(uint64_t key, size_t b) {
  for (struct entry *e = buckets[b]; e; e = e->next)
    if (e->key == key)
      return e;
  return 0;
}

static void *worker(void *arg) {
  uintptr_t id = (uintptr_t)arg;
  uint64_t x = id * 0x9e3779b97f4a7c15ull + 12345, acc = 0;
  unsigned char out[VALUE];
  for (long i = 0; i < ops_per_thread; i++) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    /* puts go to the NKEYS preloaded keys; gets to 2*NKEYS keys, so half
     * of them miss */
    int put = (x >> 40) % 5 == 0;
    uint64_t key = x % (put ? NKEYS : 2 * NKEYS);
    uint64_t h = mix(key);
    size_t b = h & (NBUCKETS - 1);
    struct stripe *s = &stripes[(h >> 32) % NSTRIPES];
    pthread_mutex_lock(&s->lock);
    struct entry *e = find(key, b);
    if (put) {
      /* keys < NKEYS all exist (preloaded): overwrite the value */
      for (int j = 0; j < VALUE; j++)
        e->val[j] = (unsigned char)(x >> (j & 31)) ^ (unsigned char)j;
      e->len = VALUE - (unsigned)(x & 31);
      s->puts++;
      s->bytes += e->len;
      acc += checksum(e->val, e->len);
    } else {
      s->gets++;
      if (e) {
        memcpy(out, e->val, e->len);
        s->hits++;
        acc += checksum(out, e->len);
      } else {
        s->misses++;
      }
    }
    pthread_mutex_unlock(&s->lock);
  }
  results[id] = acc;
  return 0;
}

int main(int argc, char **argv) {
  int nthreads = argc > 1 ? atoi(argv[1]) : 2;
  ops_per_thread = argc > 2 ? atol(argv[2]) : 500000;
  if (nthreads < 1 || nthreads > MAX_THREADS || ops_per_thread < 1) {
    fprintf(stderr, "usage: %s THREADS(1..8) OPS_PER_THREAD\n", argv[0]);
    return 2;
  }
  for (int i = 0; i < NSTRIPES; i++)
    pthread_mutex_init(&stripes[i].lock, 0);
  pool = calloc(NKEYS, sizeof *pool);
  if (!pool)
    return 1;
  for (uint64_t k = 0; k < NKEYS; k++) {
    struct entry *e = &pool[npool++];
    size_t b = mix(k) & (NBUCKETS - 1);
    e->key = k;
    e->len = VALUE;
    for (int j = 0; j < VALUE; j++)
      e->val[j] = (unsigned char)(k * 31 + j);
    e->next = buckets[b];
    buckets[b] = e;
  }
  pthread_t tid[MAX_THREADS];
  for (long i = 0; i < nthreads; i++)
    if (pthread_create(&tid[i], 0, worker, (void *)i) != 0)
      return 1;
  for (int i = 0; i < nthreads; i++)
    pthread_join(tid[i], 0);
  long gets = 0, puts = 0, hits = 0, misses = 0;
  uint64_t sum = 0;
  for (int i = 0; i < NSTRIPES; i++) {
    gets += stripes[i].gets;
    puts += stripes[i].puts;
    hits += stripes[i].hits;
    misses += stripes[i].misses;
  }
  for (int i = 0; i < nthreads; i++)
    sum += results[i];
  if (gets + puts != nthreads * ops_per_thread || hits + misses != gets) {
    fprintf(stderr, "kvstore: counters do not add up\n");
    return 1;
  }
  printf("gets=%ld puts=%ld hits=%ld checksum=%016llx\n", gets, puts, hits,
         (unsigned long long)sum);
  return 0;
}
