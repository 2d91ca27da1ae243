// Expected: RACE (omp master has no barrier: the team reads what the master writes)
// REQUIRES: openmp
// RUN: %rwcc -g -O1 -fopenmp %s -o %t %rwlibs
// RUN: env OMP_NUM_THREADS=4 RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// CHECK: WARNING: Raceway: data race on config
#include "Inputs/corpus.h"
#include <omp.h>

RACEWAY_TRACKED(int, config);
int sink[64];  /* not static: stores the optimiser keeps (for TSan) */
int main(void) {
#pragma omp parallel
  {
#pragma omp master
    config = 7; // CHECK-DAG: racy_omp_master.c:[[@LINE]]:
    if (omp_get_thread_num() != 0)
      sink[omp_get_thread_num()] = config; // CHECK-DAG: racy_omp_master.c:[[@LINE]]:
  }
  printf("config %d\n", config);
  return DONE();
}
