// Expected: RACE (a struct assignment `*dst = *src` reads every tracked
// field of the source: it races with an unordered write of one; the
// untracked field `id` is not reported)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK: WARNING: Raceway: data race on alice.balance
#include "Inputs/corpus.h"
struct Account { int id; RACEWAY_TRACKED(long, balance); };
static struct Account alice = {1, 100}, snapshot;
static __attribute__((noinline)) void copy(struct Account *dst, const struct Account *src) {
  *dst = *src; // CHECK-DAG: racy_struct_copy.c:[[@LINE]]:
}
static void *deposit(void *arg) {
  step_wait(1);
  alice.balance += 10; // CHECK-DAG: racy_struct_copy.c:[[@LINE]]:
  return 0;
}
static void *audit(void *arg) {
  copy(&snapshot, &alice);
  step_go(1);
  return 0;
}
int main(void) {
  raceway_name_object(&alice, "alice");
  pthread_t a = spawn(deposit, 0), b = spawn(audit, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return DONE();
}
// CHECK-NOT: data race on {{.*}}id
// CHECK: Raceway: {{[0-9]+}} data race
