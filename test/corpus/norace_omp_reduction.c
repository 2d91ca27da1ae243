// Expected: no race (reduction(+:sum) on a tracked global set before the region, read by the
// team after the loop's barrier and by the initial thread after the region.  The
// combining step itself goes through libomp's reduction function: not tracked)
// REQUIRES: openmp
// RUN: %rwcc -g -O1 -fopenmp %s -o %t %rwlibs
// RUN: env OMP_NUM_THREADS=4 RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
#include <omp.h>

RACEWAY_TRACKED(long, sum);
long seen[64];  /* not static: stores the optimiser keeps (for TSan) */
int main(void) {
  sum = 10;
#pragma omp parallel
  {
#pragma omp for reduction(+: sum)
    for (int i = 0; i < 1000; i++)
      sum += i;
    seen[omp_get_thread_num()] = sum;
  }
  sum += seen[0];
  printf("sum %ld\n", sum);
  return DONE();
}
