// Expected: no race (a task's child task writes, on another thread; the taskgroup's end waits for
// descendants too)
// REQUIRES: openmp
// RUN: %rwcc -g -O1 -fopenmp %s -o %t %rwlibs
// RUN: env OMP_NUM_THREADS=4 RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
#include <omp.h>

RACEWAY_TRACKED(int, leaf);
int main(void) {
  int got = 0;
#pragma omp parallel
#pragma omp single
  {
#pragma omp taskgroup
    {
#pragma omp task if (0)
      {
#pragma omp task
        {
          leaf = 5;
          step_go(1);
        }
      }
      step_wait(1);             /* another thread of the team ran it */
    }
    got = leaf;
  }
  printf("got %d\n", got);
  return DONE();
}
