// Expected: no race (omp atomic updates, read after the region)
// REQUIRES: openmp
// RUN: %rwcc -g -O1 -fopenmp %s -o %t %rwlibs
// RUN: env OMP_NUM_THREADS=4 RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
#include <omp.h>

RACEWAY_TRACKED(long, hits);
int main(void) {
#pragma omp parallel for
  for (int i = 0; i < 200; i++) {
#pragma omp atomic
    hits++;
  }
  printf("hits %ld\n", hits);
  return DONE();
}
