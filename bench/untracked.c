/*
 * untracked.c - a program with no tracked state: hashing, sorting and
 * text formatting with threads and a mutex.  run.sh builds it with and
 * without RacewayPass and checks that the objects disassemble identically
 * and execute the same number of instructions: the pass must cost nothing
 * where nothing is annotated.  Prints a checksum so the work is not dead.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NKEYS 200000

static pthread_mutex_t sum_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t checksum;

static uint64_t fnv1a(const void *p, size_t n) {
  const unsigned char *s = p;
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; i++)
    h = (h ^ s[i]) * 1099511628211ull;
  return h;
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

static void *worker(void *arg) {
  unsigned seed = (unsigned)(uintptr_t)arg;
  uint64_t *keys = malloc(NKEYS * sizeof *keys);
  if (!keys)
    return 0;
  char line[64];
  for (int i = 0; i < NKEYS; i++) {
    int n = snprintf(line, sizeof line, "key-%u-%d", seed, i);
    keys[i] = fnv1a(line, (size_t)n);
  }
  qsort(keys, NKEYS, sizeof *keys, cmp_u64);
  uint64_t local = 0;
  for (int i = 0; i < NKEYS; i += 97)
    local ^= keys[i] + (uint64_t)i;
  free(keys);
  pthread_mutex_lock(&sum_lock);
  checksum += local;
  pthread_mutex_unlock(&sum_lock);
  return 0;
}

int main(void) {
  pthread_t tid[2];
  for (uintptr_t i = 0; i < 2; i++)
    if (pthread_create(&tid[i], 0, worker, (void *)i) != 0)
      return 1;
  for (int i = 0; i < 2; i++)
    pthread_join(tid[i], 0);
  printf("checksum=%016llx\n", (unsigned long long)checksum);
  return 0;
}
