// Expected: no race (the third-party struct's listed field and global are
// tracked, every access is under one lock)
// RUN: %rwcc -g -O1 -fplugin=%plugin -mllvm -raceway-tracklist=%S/Inputs/vendor_bank.tracklist %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q '"variable":"alice.balance"' %t.events
// RUN: grep -q '"variable":"vendor_ops"' %t.events
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
#include "Inputs/vendor_bank.h"
long vendor_ops;
static vendor_account alice = {1, 100, "savings"};
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static void *deposit(void *arg) {
  pthread_mutex_lock(&mu);
  vendor_deposit(&alice, 10);
  pthread_mutex_unlock(&mu);
  return 0;
}
int main(void) {
  raceway_name_object(&alice, "alice");
  pthread_t a = spawn(deposit, 0), b = spawn(deposit, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  printf("%ld\n", alice.balance);
  return DONE();
}
