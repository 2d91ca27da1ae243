// Expected: RACE (the address of a tracked counter stored in a heap job
// record and written through by two worker threads).  The pointer goes
// through memory, so the pass sees no origin for it: found with checked
// escapes (-raceway-escapes=checked: counter's range is registered, the
// access through j->target is checked at run time and named counter).
// RUN: %rwcc -g -O1 -fplugin=%plugin -mllvm -raceway-escapes=checked %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q '"variable":"counter"' %t.events
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
