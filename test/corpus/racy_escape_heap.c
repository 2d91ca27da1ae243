// Expected: RACE (the address of a tracked counter stored in a heap job
// record and written through by two worker threads).  NOT DETECTED: a
// pointer that goes through memory (a struct, the heap) and is read back
// in another function has no origin the pass can see, and there is no
// run-time registry of tracked ranges (README: Pointers passed to other
// functions).  XFAIL until that exists; ThreadSanitizer reports it.
// XFAIL: *
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// CHECK: WARNING: Raceway: data race on counter
#include "Inputs/corpus.h"
#include <stdlib.h>
RACEWAY_TRACKED(long, counter);
struct Job { long *target; long amount; };
static void *run_job(void *arg) {
  struct Job *j = arg;
  *j->target += j->amount;
  return 0;
}
int main(void) {
  struct Job *job = malloc(sizeof *job);
  job->target = &counter;
  job->amount = 1;
  pthread_t a = spawn(run_job, job), b = spawn(run_job, job);
  pthread_join(a, 0);
  pthread_join(b, 0);
  free(job);
  return DONE();
}
