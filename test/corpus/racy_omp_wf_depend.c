// Expected: RACE (whole-file mode: the consumer task names the wrong dependence, so nothing
// orders it after the producer)
// REQUIRES: openmp
// RUN: %rwcc -g -O1 -fopenmp -fplugin=%plugin -mllvm -raceway-track=all %s -o %t %rwlibs
// RUN: env OMP_NUM_THREADS=4 %t 2>&1 | FileCheck %s
// CHECK: WARNING: Raceway: data race on x
// CHECK-NOT: WARNING: Raceway
#include <sched.h>
#include <stdio.h>

/* The two tasks meet (relaxed atomics: no happens-before) so that they run
 * on two threads at once: one thread running both would order them. */
static int here_a, here_b;
static void meet(int *mine, int *theirs) {
  __atomic_store_n(mine, 1, __ATOMIC_RELAXED);
  while (!__atomic_load_n(theirs, __ATOMIC_RELAXED))
    sched_yield();
}

int main(void) {
  int x = 0, y = 0, z = 0;
#pragma omp parallel
#pragma omp single
  {
#pragma omp task depend(out : x) shared(x)
    {
      meet(&here_a, &here_b);
      x = 42;
    }
#pragma omp task depend(in : z) shared(x, y)
    {
      meet(&here_b, &here_a);
      y = x + 1;
    }
#pragma omp taskwait
  }
  printf("result %d %d\n", y, z);
  return 0;
}
