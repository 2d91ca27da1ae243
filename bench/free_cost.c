/*
 * free_cost.c - what free() costs after a history of locks (issue #13).
 *
 * N mutexes, each in a heap block of its own, are initialised, locked,
 * unlocked and destroyed; their blocks are then freed (or, with "keep",
 * left allocated).  Then blocks of each SIZE are allocated REPS at a time
 * and freed, and the CPU time of the frees alone is measured (median of
 * ROUNDS rounds, in ns per free()).  malloc is told never to use mmap or
 * trim, so the figure is free()'s own cost, not munmap's.  Two locks live
 * throughout, one below the heap and one above it.
 *
 *   free_cost N [keep]
 *
 * Built plain and with Raceway (-DRACEWAY_BENCH: one tracked write first,
 * so the runtime keeps lock clocks).  Prints key=value lines:
 *   mutexes=N free_64=.. free_4096=.. free_262144=.. free_4194304=.. (ns)
 *
 *   clang-19 -O2 bench/free_cost.c -o free_cost.plain -lpthread
 *   clang-19 -O2 -fpass-plugin=build/pass/RacewayPass.so -Iinclude \
 *     -DRACEWAY_BENCH bench/free_cost.c -o free_cost.rw \
 *     -Lbuild/runtime -Wl,-rpath,build/runtime -lraceway -lpthread
 *   RACEWAY_OUTPUT=/dev/null ./free_cost.rw 100000
 */
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "cpu_median.h"

#ifdef RACEWAY_BENCH
#include <raceway/raceway.h>
#else
#define RACEWAY_TRACKED(type, name) type name
#endif

static RACEWAY_TRACKED(long, started);
/* A program's long-lived locks: one in .data, below the heap, and one in
 * a mapped page, above it, so every free lands between addresses that
 * hold locks (the worst case for a table that keeps bounds). */
static pthread_mutex_t low = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t *high;

#define ROUNDS 9
#define MAX_REPS 64

/* Median over ROUNDS of the CPU time of `reps` frees of `size` bytes. */
static double free_ns(size_t size, int reps) {
  static void *blk[MAX_REPS];
  double r[ROUNDS];
  for (int k = 0; k < ROUNDS; k++) {
    for (int i = 0; i < reps; i++) {
      blk[i] = malloc(size);
      if (!blk[i]) {
        perror("free_cost: malloc");
        exit(1);
      }
      memset(blk[i], 0, size < 64 ? size : 64);
    }
    double t0 = cpu_ns();
    for (int i = 0; i < reps; i++)
      free(blk[i]);
    r[k] = (cpu_ns() - t0) / reps;
  }
  return median_of(r, ROUNDS);
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 100000;
  int keep = argc > 2 && strcmp(argv[2], "keep") == 0;
  if (n < 0) {
    fprintf(stderr, "usage: %s N [keep]\n", argv[0]);
    return 2;
  }
  mallopt(M_MMAP_THRESHOLD, 32 << 20);   /* glibc's highest */
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  started = 1;                      /* the runtime now keeps lock clocks */
  pthread_mutex_lock(&low);
  pthread_mutex_unlock(&low);
  high = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (high == MAP_FAILED)
    return 1;
  pthread_mutex_init(high, 0);
  pthread_mutex_lock(high);
  pthread_mutex_unlock(high);

  pthread_mutex_t **m = malloc((n ? n : 1) * sizeof *m);
  for (long i = 0; i < n; i++) {
    m[i] = malloc(64);
    pthread_mutex_init(m[i], 0);
    pthread_mutex_lock(m[i]);
    pthread_mutex_unlock(m[i]);
    pthread_mutex_destroy(m[i]);
  }
  if (!keep)
    for (long i = 0; i < n; i++)
      free(m[i]);

  printf("mutexes=%ld%s", n, keep ? " kept=1" : "");
  static const size_t sizes[] = {64, 4096, 256 << 10, 4 << 20};
  for (unsigned s = 0; s < sizeof sizes / sizeof sizes[0]; s++)
    printf(" free_%zu=%.1f", sizes[s], free_ns(sizes[s], sizes[s] > (1 << 20) ? 4 : 64));
  printf("\n");

  if (keep)
    for (long i = 0; i < n; i++)
      free(m[i]);
  free(m);
  pthread_mutex_destroy(high);
  munmap(high, 4096);
  return started == 1 ? 0 : 1;
}
