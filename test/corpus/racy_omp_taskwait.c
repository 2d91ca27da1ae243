// Expected: RACE (the creator reads a cell before the taskwait that waits for the task writing
// it; it waits (no happens-before) until another thread of the team has run that task)
// REQUIRES: openmp
// RUN: %rwcc -g -O1 -fopenmp %s -o %t %rwlibs
// RUN: env OMP_NUM_THREADS=4 RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// CHECK: WARNING: Raceway: data race on cell
#include "Inputs/corpus.h"
#include <omp.h>

#define N 16
RACEWAY_TRACKED(int, cell[N]);
int main(void) {
  int sum = 0;
#pragma omp parallel
#pragma omp single
  {
    for (int i = 0; i < N; i++) {
#pragma omp task firstprivate(i)
      {
        cell[i] = i; // CHECK-DAG: racy_omp_taskwait.c:[[@LINE]]:
        if (i == 0)
          step_go(1);
      }
    }
    step_wait(1);
    sum += cell[0]; // CHECK-DAG: racy_omp_taskwait.c:[[@LINE]]:
#pragma omp taskwait
  }
  printf("sum %d\n", sum);
  return DONE();
}
