// Expected: RACE (lost update on a named struct field)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK: WARNING: Raceway: data race on acct.balance
#include "Inputs/corpus.h"
struct Account { int id; RACEWAY_TRACKED(long, balance); };
static struct Account acct = {7, 100};
static void *withdraw(void *arg) {
  long b = acct.balance; // CHECK-DAG: racy_struct_field.c:[[@LINE]]:
  acct.balance = b - 10; // CHECK-DAG: racy_struct_field.c:[[@LINE]]:
  return 0;
}
int main(void) {
  raceway_name_object(&acct, "acct");
  pthread_t a = spawn(withdraw, 0), b = spawn(withdraw, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return DONE();
}
// CHECK: Raceway: {{[0-9]+}} data race
