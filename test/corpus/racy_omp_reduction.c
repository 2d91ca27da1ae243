// Expected: RACE (the same sum without the reduction clause)
// REQUIRES: openmp
// RUN: %rwcc -g -O1 -fopenmp %s -o %t %rwlibs
// RUN: env OMP_NUM_THREADS=4 RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// CHECK: WARNING: Raceway: data race on sum
#include "Inputs/corpus.h"
#include <omp.h>

RACEWAY_TRACKED(long, sum);
int main(void) {
#pragma omp parallel for
  for (int i = 0; i < 1000; i++)
    sum += i; // CHECK-DAG: racy_omp_reduction.c:[[@LINE]]:
  printf("sum %ld\n", sum);
  return DONE();
}
