// Expected: no race (a chain of tasks ordered by depend(out) / depend(in) / depend(inout) on the same variable)
// REQUIRES: openmp
// RUN: %rwcc -g -O1 -fopenmp %s -o %t %rwlibs
// RUN: env OMP_NUM_THREADS=4 RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
#include <omp.h>

RACEWAY_TRACKED(int, stage);
int seen[8];  /* not static: stores the optimiser keeps (for TSan) */
int main(void) {
#pragma omp parallel
#pragma omp single
  {
#pragma omp task depend(out: stage)
    stage = 1;
    for (int i = 0; i < 4; i++) {
#pragma omp task depend(in: stage) firstprivate(i)
      seen[i] = stage;
    }
#pragma omp task depend(inout: stage)
    stage++;
#pragma omp task depend(in: stage)
    seen[4] = stage;
  }
  printf("stage %d\n", stage);
  return DONE();
}
