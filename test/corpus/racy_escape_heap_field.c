// Expected: RACE (the address of a heap account's annotated balance stored
// in a job record; two workers add through it unlocked).  Checked
// escapes: main's direct write of acc->balance registers the field's
// range, the workers' access through j->target is checked and named as
// the direct one, alice.balance.
// RUN: %rwcc -g -O1 -fplugin=%plugin -mllvm -raceway-escapes=checked %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// CHECK: WARNING: Raceway: data race on alice.balance
#include "Inputs/corpus.h"
#include <stdlib.h>
struct Account { int id; RACEWAY_TRACKED(long, balance); };
struct Job { long *target; };
static void *run_job(void *arg) {
  struct Job *j = arg;
  *j->target += 1;
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
