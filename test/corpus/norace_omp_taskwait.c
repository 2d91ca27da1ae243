// Expected: no race (tasks fill the cells, taskwait, then the creator sums them; data written before the tasks is read in them)
// REQUIRES: openmp
// RUN: %rwcc -g -O1 -fopenmp %s -o %t %rwlibs
// RUN: env OMP_NUM_THREADS=4 RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
#include <omp.h>

#define N 16
RACEWAY_TRACKED(int, input);
RACEWAY_TRACKED(int, cell[N]);
int main(void) {
  int sum = 0;
#pragma omp parallel
#pragma omp single
  {
    input = 3;
    for (int i = 0; i < N; i++) {
#pragma omp task firstprivate(i)
      cell[i] = i * input;
    }
#pragma omp taskwait
    for (int i = 0; i < N; i++)
      sum += cell[i];
  }
  printf("sum %d\n", sum);
  return DONE();
}
