// Expected: RACE (whole-file mode: the same sum as norace_omp_wf_reduction.c, without the
// reduction clause: every thread adds to the shared local)
// REQUIRES: openmp
// RUN: %rwcc -g -O1 -fopenmp -fplugin=%plugin -mllvm -raceway-track=all %s -o %t %rwlibs
// RUN: env OMP_NUM_THREADS=4 %t 2>&1 | FileCheck %s
// CHECK: WARNING: Raceway: data race on sum
// CHECK: racy_omp_wf_reduction_missing.c:[[#@LINE+12]]:
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  int n = 100;
  long *v = malloc(n * sizeof *v);
  for (int i = 0; i < n; i++)
    v[i] = i;
  long sum = 0;
#pragma omp parallel for
  for (int i = 0; i < n; i++)
    sum += v[i];
  printf("sum %ld\n", sum);
  free(v);
  return 0;
}
