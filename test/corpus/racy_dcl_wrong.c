// Expected: RACE (double-checked locking with a plain flag read outside the lock)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK: WARNING: Raceway: data race on cfg.ready
#include "Inputs/corpus.h"
#include <stdlib.h>
struct Config { RACEWAY_TRACKED(int, ready); int value; };
static struct Config *instance;
static struct Config cfg_storage;
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static struct Config *get(void) {
  if (!cfg_storage.ready) { // CHECK-DAG: racy_dcl_wrong.c:[[@LINE]]:
    pthread_mutex_lock(&m);
    if (!cfg_storage.ready) {
      cfg_storage.value = 5;
      cfg_storage.ready = 1; // CHECK-DAG: racy_dcl_wrong.c:[[@LINE]]:
    }
    pthread_mutex_unlock(&m);
  }
  return &cfg_storage;
}
static void *user(void *arg) {
  step_wait((int)(long)arg);
  return (void *)(long)get()->value;
}
int main(void) {
  raceway_name_object(&cfg_storage, "cfg");
  pthread_t a = spawn(user, (void *)0), b = spawn(user, (void *)1);
  pthread_join(a, 0);
  step_go(1);
  pthread_join(b, 0);
  (void)instance;
  return DONE();
}
// CHECK: Raceway: {{[0-9]+}} data race
