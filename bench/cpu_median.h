/*
 * cpu_median.h - the process's CPU time and the median of a few rounds,
 * for the benchmarks that time one operation in rounds (free_cost.c,
 * shadow_churn.c, pagecost.c).  Header-only: each benchmark is one file to build.
 */
#ifndef BENCH_CPU_MEDIAN_H
#define BENCH_CPU_MEDIAN_H

#include <stdlib.h>
#include <time.h>

static double cpu_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* The median of r[0..n) (sorted in place). */
static double median_of(double *r, int n) {
  qsort(r, (size_t)n, sizeof r[0], cmp_double);
  return r[n / 2];
}

#endif
