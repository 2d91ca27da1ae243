// Expected: no race (parallel for with the temporary private, and disjoint elements of a tracked array)
// REQUIRES: openmp
// RUN: %rwcc -g -O1 -fopenmp %s -o %t %rwlibs
// RUN: env OMP_NUM_THREADS=4 RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
#include <omp.h>

#define N 64
RACEWAY_TRACKED(int, tmp);
RACEWAY_TRACKED(int, out[N]);
int main(void) {
  tmp = 1;
#pragma omp parallel for private(tmp)
  for (int i = 0; i < N; i++) {
    tmp = i * 2;
    out[i] = tmp + 1;
  }
  printf("out %d tmp %d\n", out[N - 1], tmp);
  return DONE();
}
