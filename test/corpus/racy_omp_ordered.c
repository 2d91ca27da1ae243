// Expected: RACE (the shared log's length is read outside omp ordered)
// REQUIRES: openmp
// RUN: %rwcc -g -O1 -fopenmp %s -o %t %rwlibs
// RUN: env OMP_NUM_THREADS=4 RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// CHECK: WARNING: Raceway: data race on logged
#include "Inputs/corpus.h"
#include <omp.h>

RACEWAY_TRACKED(int, logged);
int order[64], peek[64];  /* not static: stores the optimiser keeps (for TSan) */
int main(void) {
#pragma omp parallel for ordered schedule(static, 1)
  for (int i = 0; i < 32; i++) {
    peek[i] = logged; // CHECK-DAG: racy_omp_ordered.c:[[@LINE]]:
#pragma omp ordered
    order[logged++] = i;
  }
  printf("logged %d\n", logged);
  return DONE();
}
