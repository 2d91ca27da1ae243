// Expected: no race (whole-file mode: a reduction(+:sum) over a heap array the team only
// reads; each thread's private copy is combined by libomp, ordered by the reduction)
// REQUIRES: openmp
// RUN: %rwcc -g -O1 -fopenmp -fplugin=%plugin -mllvm -raceway-track=all %s -o %t %rwlibs
// RUN: env OMP_NUM_THREADS=4 %t 2>&1 | FileCheck %s
// CHECK-NOT: WARNING: Raceway
// CHECK: sum 4950
// CHECK-NOT: WARNING: Raceway
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  int n = 100;
  long *v = malloc(n * sizeof *v);
  for (int i = 0; i < n; i++)
    v[i] = i;
  long sum = 0;
#pragma omp parallel for reduction(+ : sum)
  for (int i = 0; i < n; i++)
    sum += v[i];
  printf("sum %ld\n", sum);
  free(v);
  return 0;
}
