// Expected: RACE (a field of a struct from a third-party header, tracked
// through a tracklist rather than an annotation: the lost update on it is
// found and named as an annotated field would be)
// RUN: %rwcc -g -O1 -fplugin=%plugin -mllvm -raceway-tracklist=%S/Inputs/vendor_bank.tracklist %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q '"variable":"alice.balance"' %t.events
// RUN: grep -q '"variable":"vendor_ops"' %t.events
// CHECK-DAG: WARNING: Raceway: data race on alice.balance
// CHECK-DAG: WARNING: Raceway: data race on vendor_ops
// CHECK-NOT: note
#include "Inputs/corpus.h"
#include "Inputs/vendor_bank.h"
long vendor_ops;
static vendor_account alice = {1, 100, "savings"};
static void *deposit(void *arg) {
  vendor_deposit(&alice, 10);
  alice.note[0] = 'S'; // not listed: never tracked
  return 0;
}
int main(void) {
  raceway_name_object(&alice, "alice");
  pthread_t a = spawn(deposit, 0), b = spawn(deposit, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return DONE();
}
// CHECK: Raceway: {{[0-9]+}} data race
