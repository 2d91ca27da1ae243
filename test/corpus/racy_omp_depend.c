// Expected: RACE (two tasks write the variable, but their depend clauses name different variables)
// REQUIRES: openmp
// RUN: %rwcc -g -O1 -fopenmp %s -o %t %rwlibs
// RUN: env OMP_NUM_THREADS=4 RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// CHECK: WARNING: Raceway: data race on stage
#include "Inputs/corpus.h"
#include <omp.h>

RACEWAY_TRACKED(int, stage);
static int other;
/* The two tasks meet (plain flags, no happens-before) so that they run on
 * two threads at once: one thread running both would order them. */
static volatile int here_a, here_b;
static CORPUS_UNSEEN void meet(volatile int *mine, volatile int *theirs) {
  *mine = 1;
  while (!*theirs)
    sched_yield();
}
int main(void) {
#pragma omp parallel
#pragma omp single
  {
#pragma omp task depend(out: stage)
    {
      meet(&here_a, &here_b);
      stage = 1; // CHECK-DAG: racy_omp_depend.c:[[@LINE]]:
    }
#pragma omp task depend(out: other)
    {
      meet(&here_b, &here_a);
      stage = 2; // CHECK-DAG: racy_omp_depend.c:[[@LINE]]:
    }
  }
  printf("stage %d\n", stage);
  return DONE();
}
