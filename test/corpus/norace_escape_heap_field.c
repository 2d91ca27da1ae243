// Expected: no race (racy_escape_heap_field.c with the add under one lock:
// the workers' checked accesses are recorded as alice.balance and the
// lock orders them)
// RUN: %rwcc -g -O1 -fplugin=%plugin -mllvm -raceway-escapes=checked %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -c '"variable":"[^"]*balance".*"access_type":"Write"' %t.events | FileCheck --check-prefix=WRITES %s
// WRITES: {{^3$}}
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
#include <stdlib.h>
struct Account { int id; RACEWAY_TRACKED(long, balance); };
struct Job { long *target; };
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static void *run_job(void *arg) {
  struct Job *j = arg;
  pthread_mutex_lock(&mu);
  *j->target += 1;
  pthread_mutex_unlock(&mu);
  return 0;
}
int main(void) {
  struct Account *acc = malloc(sizeof *acc);
  raceway_name_object(acc, "alice");
  acc->balance = 100;   /* a tracked access: registers the field's range */
  struct Job *job = malloc(sizeof *job);
  job->target = &acc->balance;
  pthread_t a = spawn(run_job, job), b = spawn(run_job, job);
  pthread_join(a, 0);
  pthread_join(b, 0);
  free(job);
  free(acc);
  return DONE();
}
