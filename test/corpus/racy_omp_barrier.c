// Expected: RACE (thread 0 writes x after the barrier while the others read it in the same phase)
// REQUIRES: openmp
// RUN: %rwcc -g -O1 -fopenmp %s -o %t %rwlibs
// RUN: env OMP_NUM_THREADS=4 RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// CHECK: WARNING: Raceway: data race on x
#include "Inputs/corpus.h"
#include <omp.h>

RACEWAY_TRACKED(int, x);
int sink[64];  /* not static: stores the optimiser keeps (for TSan) */
int main(void) {
#pragma omp parallel
  {
    int me = omp_get_thread_num();
    if (me == 0)
      x = 1;
#pragma omp barrier
    if (me == 0)
      x = 2; // CHECK-DAG: racy_omp_barrier.c:[[@LINE]]:
    else
      sink[me] = x; // CHECK-DAG: racy_omp_barrier.c:[[@LINE]]:
#pragma omp barrier
  }
  printf("x %d\n", x);
  return DONE();
}
