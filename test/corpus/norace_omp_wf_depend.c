// Expected: no race (whole-file mode: a producer task and a consumer task ordered by
// depend(out)/depend(in) on a local shared with them)
// REQUIRES: openmp
// RUN: %rwcc -g -O1 -fopenmp -fplugin=%plugin -mllvm -raceway-track=all %s -o %t %rwlibs
// RUN: env OMP_NUM_THREADS=4 %t 2>&1 | FileCheck %s
// CHECK-NOT: WARNING: Raceway
// CHECK: result 43
// CHECK-NOT: WARNING: Raceway
#include <stdio.h>

int main(void) {
  int x = 0, y = 0;
#pragma omp parallel
#pragma omp single
  {
#pragma omp task depend(out : x) shared(x)
    x = 42;
#pragma omp task depend(in : x) shared(x, y)
    y = x + 1;
#pragma omp taskwait
  }
  printf("result %d\n", y);
  return 0;
}
