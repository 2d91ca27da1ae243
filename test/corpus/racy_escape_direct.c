// Expected: RACE (a pointer to a field of a named heap object, derived and
// used in one thread's own function; the other thread passes the same
// pointer to a helper; no lock: the direct write races with the helper's)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// CHECK: WARNING: Raceway: data race on alice.balance
#include "Inputs/corpus.h"
#include <stdlib.h>
struct Account { int id; RACEWAY_TRACKED(long, balance); };
static __attribute__((noinline)) void charge(long *p) {
  *p -= 1; // CHECK-DAG: racy_escape_direct.c:[[@LINE]]:
}
static void *pay(void *arg) {
  struct Account *a = arg;
  long *p = &a->balance;
  *p += 10; // CHECK-DAG: racy_escape_direct.c:[[@LINE]]:
  return 0;
}
static void *fee(void *arg) {
  struct Account *a = arg;
  charge(&a->balance);
  return 0;
}
int main(void) {
  struct Account *alice = calloc(1, sizeof *alice);
  raceway_name_object(alice, "alice");
  pthread_t a = spawn(pay, alice), b = spawn(fee, alice);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return DONE();
}
// CHECK: Raceway: {{[0-9]+}} data race
