// Expected: no race (whole-file mode: a global counted under critical, a local counted with
// atomic, both read by the initial thread after the region; a barrier orders the phases of
// a shared array)
// REQUIRES: openmp
// RUN: %rwcc -g -O1 -fopenmp -fplugin=%plugin -mllvm -raceway-track=all %s -o %t %rwlibs
// RUN: env OMP_NUM_THREADS=4 %t 2>&1 | FileCheck %s
// CHECK-NOT: WARNING: Raceway
// CHECK: total 400 hits 400 phase 6
// CHECK-NOT: WARNING: Raceway
#include <omp.h>
#include <stdio.h>

long total;
int phase[4];

int main(void) {
  int hits = 0;
#pragma omp parallel num_threads(4)
  {
    int me = omp_get_thread_num();
    for (int i = 0; i < 100; i++) {
#pragma omp critical
      total++;
#pragma omp atomic
      hits++;
    }
    phase[me] = me;
#pragma omp barrier
    if (me == 0)
      phase[0] = phase[1] + phase[2] + phase[3];
  }
  printf("total %ld hits %d phase %d\n", total, hits, phase[0]);
  return 0;
}
