// Expected: RACE (omp atomic updates against a plain read in the same region)
// REQUIRES: openmp
// RUN: %rwcc -g -O1 -fopenmp %s -o %t %rwlibs
// RUN: env OMP_NUM_THREADS=4 RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// CHECK: WARNING: Raceway: data race on hits
#include "Inputs/corpus.h"
#include <omp.h>

RACEWAY_TRACKED(long, hits);
static long seen;
int main(void) {
#pragma omp parallel
  {
    if (omp_get_thread_num() == 0)
      seen = hits; // CHECK-DAG: racy_omp_atomic.c:[[@LINE]]:
    else {
#pragma omp atomic
      hits++;
    }
  }
  printf("hits %ld seen %ld\n", hits, seen);
  return DONE();
}
