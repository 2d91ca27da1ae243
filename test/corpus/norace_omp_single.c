// Expected: no race (one thread of the team writes in omp single, the others read after its implicit barrier)
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
#pragma omp single
    config = 42;
    sink[omp_get_thread_num()] = config;
  }
  printf("config %d\n", config);
  return DONE();
}
