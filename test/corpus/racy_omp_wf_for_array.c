// Expected: RACE (whole-file mode, no annotation: a parallel for reads a[i + 1], which the
// thread owning the next chunk writes; `a` is main's local, shared with the team through a
// pointer to the outlined function)
// REQUIRES: openmp
// RUN: %rwcc -g -O1 -fopenmp -fplugin=%plugin -mllvm -raceway-track=all %s -o %t %rwlibs
// RUN: env OMP_NUM_THREADS=4 %t 2>&1 | FileCheck %s
// CHECK: WARNING: Raceway: data race on a[{{[0-9]+}}]
// CHECK: racy_omp_wf_for_array.c:[[#@LINE+10]]:
#include <stdio.h>

#define N 100
int main(void) {
  int a[N];
  for (int i = 0; i < N; i++)
    a[i] = i;
#pragma omp parallel for schedule(static)
  for (int i = 0; i < N - 1; i++)
    a[i] = a[i + 1] + 1;
  printf("a[0] %d\n", a[0]);
  return 0;
}
