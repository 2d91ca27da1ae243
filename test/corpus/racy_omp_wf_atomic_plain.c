// Expected: RACE (whole-file mode: thread 0 adds with atomic, the others with a plain +=:
// atomic on one side only orders nothing)
// REQUIRES: openmp
// RUN: %rwcc -g -O1 -fopenmp -fplugin=%plugin -mllvm -raceway-track=all %s -o %t %rwlibs
// RUN: env OMP_NUM_THREADS=4 %t 2>&1 | FileCheck %s
// CHECK: WARNING: Raceway: data race on hits
#include <omp.h>
#include <stdio.h>

long hits;

int main(void) {
#pragma omp parallel num_threads(4)
  {
    if (omp_get_thread_num() == 0) {
#pragma omp atomic
      hits += 1;
    } else {
      hits += 1;
    }
  }
  printf("hits %ld\n", hits);
  return 0;
}
