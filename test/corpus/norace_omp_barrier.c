// Expected: no race (each thread writes its cell, omp barrier, then reads its neighbour's; five phases)
// REQUIRES: openmp
// RUN: %rwcc -g -O1 -fopenmp %s -o %t %rwlibs
// RUN: env OMP_NUM_THREADS=4 RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
#include <omp.h>

#define N 4
RACEWAY_TRACKED(int, cell[2][N]);
int main(void) {
  omp_set_num_threads(N);
#pragma omp parallel
  {
    int me = omp_get_thread_num(), n = omp_get_num_threads();
    for (int it = 0; it < 5; it++) {
      int cur = it % 2;
      cell[1 - cur][me] = cell[cur][me] + cell[cur][(me + 1) % n];
#pragma omp barrier
    }
  }
  printf("cell %d\n", cell[1][0]);
  return DONE();
}
