// Expected: no race (racy_escape_one_call.c with the helper's
// read-modify-write under one lock; the accesses through the pointer are
// recorded, named as the caller's would be)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -c '"variable":"acct.balance".*"access_type":"Write"' %t.events | FileCheck --check-prefix=WRITES %s
// WRITES: {{^2$}}
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
struct Account { int id; RACEWAY_TRACKED(long, balance); };
static struct Account acct = {7, 100};
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static __attribute__((noinline)) void add(long *p, long amount) {
  pthread_mutex_lock(&mu);
  *p += amount;
  pthread_mutex_unlock(&mu);
}
static void *deposit(void *arg) {
  add(&acct.balance, 10);
  return 0;
}
int main(void) {
  pthread_t a = spawn(deposit, 0), b = spawn(deposit, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  printf("%ld\n", acct.balance);
  return DONE();
}
