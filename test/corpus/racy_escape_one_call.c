// Expected: RACE (a pointer to a tracked field passed to a helper defined in
// the same file, which does the unlocked read-modify-write: the pass clones
// the helper for that pointer, issue #16, and names the access as the
// caller's would be)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q '"variable":"acct.balance"' %t.events
// CHECK: WARNING: Raceway: data race on acct.balance
#include "Inputs/corpus.h"
struct Account { int id; RACEWAY_TRACKED(long, balance); };
static struct Account acct = {7, 100};
static __attribute__((noinline)) void add(long *p, long amount) {
  *p += amount; // CHECK-DAG: racy_escape_one_call.c:[[@LINE]]:
}
static void *deposit(void *arg) {
  add(&acct.balance, 10);
  return 0;
}
int main(void) {
  pthread_t a = spawn(deposit, 0), b = spawn(deposit, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return DONE();
}
// CHECK: Raceway: {{[0-9]+}} data race
