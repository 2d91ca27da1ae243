/*
 * ledger.c - a realistic multithreaded workload: a bank ledger that
 * parses transaction lines, authenticates each with a keyed hash, applies
 * it to per-account balances under per-account locks, and every batch
 * sorts the batch's amounts for a median.  A few shared statistics are
 * tracked (RACEWAY_TRACKED-style annotations); everything else, the bulk
 * of the time, is untracked.
 *
 *   ledger [THREADS [LINES]]
 *
 * Prints a checksum and verifies that money is conserved, so a build that
 * broke the program fails instead of looking fast.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TRACKED __attribute__((annotate("raceway")))
#define NACCOUNTS 512
#define BATCH 256
#define MAX_THREADS 8
#define START_BALANCE 1000000

struct account {
  pthread_mutex_t lock;
  long balance;
  uint64_t last_mac;
};

/* The tracked state: shared statistics, updated once per batch. */
struct stats {
  TRACKED long batches;
  TRACKED long volume;
  TRACKED long rejected;
  TRACKED long max_median;
};

static struct account accounts[NACCOUNTS];
static struct stats stats;
static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static char **lines;
static long nlines;
static int nthreads;

/* SipHash-like mixing rounds: a stand-in for real MAC verification. */
static uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

static uint64_t mac(const char *s, size_t n, uint64_t key) {
  uint64_t v0 = key ^ 0x736f6d6570736575ull, v1 = key ^ 0x646f72616e646f6dull;
  for (size_t i = 0; i < n; i++) {
    v0 += (unsigned char)s[i];
    for (int r = 0; r < 4; r++) {
      v0 += v1;
      v1 = rotl(v1, 13) ^ v0;
      v0 = rotl(v0, 32);
    }
  }
  return v0 ^ v1;
}

/* "T <id> <from> <to> <amount> <memo> <mac>"; 0 if well formed. */
static int parse(const char *line, long *from, long *to, long *amount,
                 uint64_t *tag, size_t *body_len) {
  char *end;
  if (line[0] != 'T' || line[1] != ' ')
    return -1;
  strtol(line + 2, &end, 10);
  *from = strtol(end, &end, 10);
  *to = strtol(end, &end, 10);
  *amount = strtol(end, &end, 10);
  const char *memo = end + 1;
  const char *sp = strchr(memo, ' ');
  if (!sp || *from < 0 || *from >= NACCOUNTS || *to < 0 || *to >= NACCOUNTS)
    return -1;
  *body_len = (size_t)(sp - line);
  *tag = strtoull(sp + 1, 0, 16);
  return 0;
}

static int cmp_long(const void *a, const void *b) {
  long x = *(const long *)a, y = *(const long *)b;
  return x < y ? -1 : x > y;
}

static int transfer(long from, long to, long amount, uint64_t tag) {
  if (from == to)
    return -1;
  struct account *a = &accounts[from < to ? from : to];
  struct account *b = &accounts[from < to ? to : from];
  pthread_mutex_lock(&a->lock);
  pthread_mutex_lock(&b->lock);
  int ok = accounts[from].balance >= amount;
  if (ok) {
    accounts[from].balance -= amount;
    accounts[to].balance += amount;
    accounts[to].last_mac = tag;
  }
  pthread_mutex_unlock(&b->lock);
  pthread_mutex_unlock(&a->lock);
  return ok ? 0 : -1;
}

static void *worker(void *arg) {
  long idx = (long)arg;
  long amounts[BATCH];
  for (long start = idx * BATCH; start < nlines; start += (long)nthreads * BATCH) {
    long end = start + BATCH < nlines ? start + BATCH : nlines;
    long n = 0, volume = 0, rejected = 0;
    for (long i = start; i < end; i++) {
      long from, to, amount;
      uint64_t tag;
      size_t body;
      if (parse(lines[i], &from, &to, &amount, &tag, &body) != 0 ||
          mac(lines[i], body, 42) != tag || transfer(from, to, amount, tag) != 0) {
        rejected++;
        continue;
      }
      amounts[n++] = amount;
      volume += amount;
    }
    qsort(amounts, (size_t)n, sizeof amounts[0], cmp_long);
    long median = n ? amounts[n / 2] : 0;
    pthread_mutex_lock(&stats_lock);
    stats.batches++;
    stats.volume += volume;
    stats.rejected += rejected;
    if (median > stats.max_median)
      stats.max_median = median;
    pthread_mutex_unlock(&stats_lock);
  }
  return 0;
}

/* Deterministic input: every 50th line has a bad MAC. */
static int make_lines(long n) {
  lines = calloc((size_t)n, sizeof *lines);
  if (!lines)
    return -1;
  uint64_t x = 88172645463325252ull;
  for (long i = 0; i < n; i++) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    char body[96], full[128];
    int len = snprintf(body, sizeof body, "T %ld %lu %lu %lu memo-%016llx", i,
                       (unsigned long)(x % NACCOUNTS), (unsigned long)((x >> 20) % NACCOUNTS),
                       (unsigned long)((x >> 40) % 5000), (unsigned long long)x);
    uint64_t tag = mac(body, (size_t)len, 42) ^ (i % 50 == 49);
    snprintf(full, sizeof full, "%s %016llx", body, (unsigned long long)tag);
    if (!(lines[i] = strdup(full)))
      return -1;
  }
  nlines = n;
  return 0;
}

int main(int argc, char **argv) {
  nthreads = argc > 1 ? atoi(argv[1]) : 2;
  long n = argc > 2 ? atol(argv[2]) : 400000;
  if (nthreads < 1 || nthreads > MAX_THREADS || n < 1) {
    fprintf(stderr, "usage: %s [THREADS(1..%d) [LINES]]\n", argv[0], MAX_THREADS);
    return 2;
  }
  for (int i = 0; i < NACCOUNTS; i++) {
    pthread_mutex_init(&accounts[i].lock, 0);
    accounts[i].balance = START_BALANCE;
  }
  if (make_lines(n) != 0) {
    perror("ledger");
    return 1;
  }
  pthread_t tid[MAX_THREADS];
  for (long i = 0; i < nthreads; i++)
    if (pthread_create(&tid[i], 0, worker, (void *)i) != 0)
      return 1;
  for (int i = 0; i < nthreads; i++)
    pthread_join(tid[i], 0);
  long total = 0;
  uint64_t sum = 0;
  for (int i = 0; i < NACCOUNTS; i++) {
    total += accounts[i].balance;
    sum = sum * 31 + (uint64_t)accounts[i].balance;
  }
  if (total != (long)NACCOUNTS * START_BALANCE || stats.rejected < n / 50) {
    fprintf(stderr, "ledger: books do not balance (%ld) or too few rejects (%ld)\n",
            total, stats.rejected);
    return 1;
  }
  printf("batches=%ld volume=%ld rejected=%ld checksum=%016llx\n", stats.batches,
         stats.volume, stats.rejected, (unsigned long long)sum);
  for (long i = 0; i < nlines; i++)
    free(lines[i]);
  free(lines);
  return 0;
}
