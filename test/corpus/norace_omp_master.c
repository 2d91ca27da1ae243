// Expected: no race (omp master writes, then an explicit barrier before the team reads)
// REQUIRES: openmp
// RUN: %rwcc -g -O1 -fopenmp %s -o %t %rwlibs
// RUN: env OMP_NUM_THREADS=4 RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
#include <omp.h>

RACEWAY_TRACKED(int, config);
int sink[64];  /* not static: stores the optimiser keeps (for TSan) */
int main(void) {
#pragma omp parallel
  {
#pragma omp master
    config = 7;
#pragma omp barrier
    sink[omp_get_thread_num()] = config;
  }
  printf("config %d\n", config);
  return DONE();
}
