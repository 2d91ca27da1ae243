/*
 * shadow_churn.c - the shadow table after a long run of short-lived
 * tracked objects at ever new addresses (issue #13, nng's reconnect
 * stress test): what free() and a new object's first accesses cost then.
 *
 *   shadow_churn N [checks]
 *
 * N objects of 16 tracked words (128 bytes), one alive at a time, each
 * written once and freed; an untracked block takes each freed object's
 * place, so malloc hands out a new address every time (N * 16 addresses
 * tracked over the run, 16 alive).  Then, timed (CPU, median of ROUNDS
 * rounds of REPS, ns per operation):
 *   free_obj    free() of such an object, just written (its 16 cells);
 *   free_4096   free() of an untracked 4 KiB block among them;
 *   touch_obj   the 16 first writes of a new object (cells created).
 * With "checks": the racing pair of a thread's write and main's write to
 * a fresh object afterwards, so the run ends with one race reported when
 * new addresses are still checked (RACEWAY_EXITCODE tells a script).
 * Prints key=value: objects=N free_obj=.. free_4096=.. touch_obj=..
 *
 *   clang-19 -O2 -fpass-plugin=build/pass/RacewayPass.so -Iinclude \
 *     bench/shadow_churn.c -o shadow_churn -Lbuild/runtime \
 *     -Wl,-rpath,build/runtime -lraceway -lpthread
 *   RACEWAY_SEND=none ./shadow_churn 100000
 * For instruction counts: callgrind, the inclusive cost of free and
 * rw_shadow_forget divided by the calls (bench/RESULTS.md).
 */
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cpu_median.h"

struct obj {
  __attribute__((annotate("raceway"))) long v[16];
};

#define ROUNDS 9
#define REPS 64

static void __attribute__((noinline)) write_obj(struct obj *o, long x) {
  for (int i = 0; i < 16; i++)
    o->v[i] = x + i;
}

static void *racer(void *arg) {
  write_obj(arg, 1);
  return 0;
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 100000;
  int checks = argc > 2 && strcmp(argv[2], "checks") == 0;
  if (n < 1) {
    fprintf(stderr, "usage: %s N [checks]\n", argv[0]);
    return 2;
  }
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  void **keep = malloc(n * sizeof *keep);
  for (long i = 0; i < n; i++) {
    struct obj *o = malloc(sizeof *o);
    write_obj(o, i);
    free(o);
    keep[i] = malloc(sizeof(struct obj));
  }

  static struct obj *blk[REPS];
  static void *raw[REPS];
  double fo[ROUNDS], fp[ROUNDS], to[ROUNDS];
  for (int k = 0; k < ROUNDS; k++) {
    for (int i = 0; i < REPS; i++)
      blk[i] = malloc(sizeof *blk[i]);
    double t0 = cpu_ns();
    for (int i = 0; i < REPS; i++)
      write_obj(blk[i], i);
    to[k] = (cpu_ns() - t0) / REPS;
    t0 = cpu_ns();
    for (int i = 0; i < REPS; i++)
      free(blk[i]);
    fo[k] = (cpu_ns() - t0) / REPS;
    for (int i = 0; i < REPS; i++) {
      raw[i] = malloc(4096);
      memset(raw[i], 0, 64);
    }
    t0 = cpu_ns();
    for (int i = 0; i < REPS; i++)
      free(raw[i]);
    fp[k] = (cpu_ns() - t0) / REPS;
  }
  printf("objects=%ld free_obj=%.1f free_4096=%.1f touch_obj=%.1f\n", n, median_of(fo, ROUNDS),
         median_of(fp, ROUNDS), median_of(to, ROUNDS));

  if (checks) {                  /* a race on a fresh address */
    struct obj *o = malloc(sizeof *o);
    pthread_t t;
    pthread_create(&t, 0, racer, o);
    write_obj(o, 2);
    pthread_join(t, 0);
    free(o);
  }
  for (long i = 0; i < n; i++)
    free(keep[i]);
  free(keep);
  return 0;
}
