// Expected: no race (racy_escape_direct.c with the thread's work under one
// lock; the helper's write through the pointer is recorded as
// alice.balance)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -c '"variable":"alice.balance".*"access_type":"Write"' %t.events | FileCheck --check-prefix=WRITES %s
// WRITES: {{^4$}}
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
#include <stdlib.h>
struct Account { int id; RACEWAY_TRACKED(long, balance); };
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static __attribute__((noinline)) void charge(long *p) { *p -= 1; }
static void *work(void *arg) {
  struct Account *a = arg;
  pthread_mutex_lock(&mu);
  long *p = &a->balance;
  *p += 10;
  charge(p);
  pthread_mutex_unlock(&mu);
  return 0;
}
int main(void) {
  struct Account *alice = calloc(1, sizeof *alice);
  raceway_name_object(alice, "alice");
  pthread_t a = spawn(work, alice), b = spawn(work, alice);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return DONE();
}
