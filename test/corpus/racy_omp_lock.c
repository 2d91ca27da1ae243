// Expected: RACE (thread 0 updates the counter without the omp lock the others take)
// REQUIRES: openmp
// RUN: %rwcc -g -O1 -fopenmp %s -o %t %rwlibs
// RUN: env OMP_NUM_THREADS=4 RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// CHECK: WARNING: Raceway: data race on counter
#include "Inputs/corpus.h"
#include <omp.h>

// CHECK-DAG: locks held: omp_lock@0x
RACEWAY_TRACKED(long, counter);
static omp_lock_t lock;
int main(void) {
  omp_init_lock(&lock);
#pragma omp parallel
  {
    if (omp_get_thread_num() == 0)
      counter += 100; // CHECK-DAG: racy_omp_lock.c:[[@LINE]]:
    else {
      omp_set_lock(&lock);
      counter++;
      omp_unset_lock(&lock);
    }
  }
  omp_destroy_lock(&lock);
  printf("counter %ld\n", counter);
  return DONE();
}
