// Expected: no race (the same field of different objects is not shared)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
struct Account { int id; RACEWAY_TRACKED(long, balance); };
static struct Account accounts[2];
static void *deposit(void *arg) {
  struct Account *a = arg;
  for (int i = 0; i < 100; i++)
    a->balance += 1;
  return 0;
}
int main(void) {
  pthread_t a = spawn(deposit, &accounts[0]), b = spawn(deposit, &accounts[1]);
  pthread_join(a, 0);
  pthread_join(b, 0);
  printf("%ld %ld\n", accounts[0].balance, accounts[1].balance);
  return DONE();
}
