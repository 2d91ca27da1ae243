// Expected: RACE (memcpy over a struct writes its tracked field: it races
// with an unordered read of the field)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK: WARNING: Raceway: data race on acct.balance
#include <string.h>
#include "Inputs/corpus.h"
struct Account { int id; RACEWAY_TRACKED(long, balance); char owner[8]; };
static struct Account acct = {1, 100, "alice"};
static void *reader(void *arg) {
  long b = acct.balance; // CHECK-DAG: racy_memcpy_struct.c:[[@LINE]]:
  step_go(1);
  return (void *)b;
}
static void *restore(void *arg) {
  struct Account fresh = {1, 500, "alice"};
  step_wait(1);
  memcpy(&acct, &fresh, sizeof fresh); // CHECK-DAG: racy_memcpy_struct.c:[[@LINE]]:
  return 0;
}
int main(void) {
  pthread_t a = spawn(reader, 0), b = spawn(restore, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return DONE();
}
// CHECK: Raceway: {{[0-9]+}} data race
