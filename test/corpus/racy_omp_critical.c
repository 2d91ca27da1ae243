// Expected: RACE (thread 0 resets the counter outside the critical section the others use)
// REQUIRES: openmp
// RUN: %rwcc -g -O1 -fopenmp %s -o %t %rwlibs
// RUN: env OMP_NUM_THREADS=4 RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// CHECK: WARNING: Raceway: data race on counter
#include "Inputs/corpus.h"
#include <omp.h>

RACEWAY_TRACKED(long, counter);
int main(void) {
#pragma omp parallel
  {
    if (omp_get_thread_num() == 0)
      counter = 0; // CHECK-DAG: racy_omp_critical.c:[[@LINE]]:
    else {
#pragma omp critical
      counter++;
    }
  }
  printf("counter %ld\n", counter);
  return DONE();
}
