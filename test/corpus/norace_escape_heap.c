// Expected: no race (racy_escape_heap.c with the update through the job
// record under one lock: checked escapes record both workers' accesses,
// named counter, and the lock orders them)
// RUN: %rwcc -g -O1 -fplugin=%plugin -mllvm -raceway-escapes=checked %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -c '"variable":"counter".*"access_type":"Write"' %t.events | FileCheck --check-prefix=WRITES %s
// WRITES: {{^2$}}
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
#include <stdlib.h>
RACEWAY_TRACKED(long, counter);
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
struct Job { long *target; long amount; };
static void *run_job(void *arg) {
  struct Job *j = arg;
  pthread_mutex_lock(&mu);
  *j->target += j->amount;
  pthread_mutex_unlock(&mu);
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
