// Expected: RACE (parallel for with the temporary shared by the team)
// REQUIRES: openmp
// RUN: %rwcc -g -O1 -fopenmp %s -o %t %rwlibs
// RUN: env OMP_NUM_THREADS=4 RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// CHECK: WARNING: Raceway: data race on tmp
#include "Inputs/corpus.h"
#include <omp.h>

#define N 64
RACEWAY_TRACKED(int, tmp);
RACEWAY_TRACKED(int, out[N]);
int main(void) {
#pragma omp parallel for
  for (int i = 0; i < N; i++) {
    tmp = i * 2; // CHECK-DAG: racy_omp_for_shared.c:[[@LINE]]:
    out[i] = tmp + 1;
  }
  printf("out %d\n", out[N - 1]);
  return DONE();
}
