// Expected: no race (a shared log appended in omp ordered, iteration by iteration)
// REQUIRES: openmp
// RUN: %rwcc -g -O1 -fopenmp %s -o %t %rwlibs
// RUN: env OMP_NUM_THREADS=4 RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
#include <omp.h>

RACEWAY_TRACKED(int, logged);
int order[64];  /* not static: stores the optimiser keeps (for TSan) */
int main(void) {
#pragma omp parallel for ordered schedule(static, 1)
  for (int i = 0; i < 32; i++) {
    int sq = i * i;
#pragma omp ordered
    order[logged++] = sq;
  }
  printf("logged %d\n", logged);
  return DONE();
}
