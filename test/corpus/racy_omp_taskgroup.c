// Expected: RACE (taskwait waits for children only: a grandchild's write races with the
// read after it.  The child is undeferred, so its child lands in the creator's queue and
// another thread of the team takes it while the creator waits for its write)
// REQUIRES: openmp
// RUN: %rwcc -g -O1 -fopenmp %s -o %t %rwlibs
// RUN: env OMP_NUM_THREADS=4 RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// CHECK: WARNING: Raceway: data race on leaf
#include "Inputs/corpus.h"
#include <omp.h>

RACEWAY_TRACKED(int, leaf);
int main(void) {
  int got = 0;
#pragma omp parallel
#pragma omp single
  {
#pragma omp task if (0)
    {
#pragma omp task
      {
        leaf = 5; // CHECK-DAG: racy_omp_taskgroup.c:[[@LINE]]:
        step_go(1);
      }
    }
#pragma omp taskwait
    step_wait(1);
    got = leaf; // CHECK-DAG: racy_omp_taskgroup.c:[[@LINE]]:
  }
  printf("got %d\n", got);
  return DONE();
}
