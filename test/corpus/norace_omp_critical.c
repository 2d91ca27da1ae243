// Expected: no race (counter++ inside omp critical in every thread of the team)
// REQUIRES: openmp
// RUN: %rwcc -g -O1 -fopenmp %s -o %t %rwlibs
// RUN: env OMP_NUM_THREADS=4 RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
#include <omp.h>

RACEWAY_TRACKED(long, counter);
int main(void) {
#pragma omp parallel
  for (int i = 0; i < 50; i++) {
#pragma omp critical
    counter++;
  }
  printf("counter %ld\n", counter);
  return DONE();
}
