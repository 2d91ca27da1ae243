// Expected: no race (struct assignments `*dst = *src` of an object with a
// tracked field, every copy and write under one lock; the copies are
// recorded: reads of the source's field, writes of the destination's)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -c '"variable":"alice.balance".*"access_type":"Read"' %t.events | FileCheck --check-prefix=READS %s
// RUN: grep -q '"variable":"snapshot.balance".*"access_type":"Write"' %t.events
// READS: {{^[1-9]}}
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
struct Account { int id; RACEWAY_TRACKED(long, balance); };
static struct Account alice = {1, 100}, snapshot;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static __attribute__((noinline)) void copy(struct Account *dst, const struct Account *src) {
  *dst = *src;
}
static void *deposit(void *arg) {
  pthread_mutex_lock(&mu);
  alice.balance += 10;
  pthread_mutex_unlock(&mu);
  return 0;
}
static void *audit(void *arg) {
  pthread_mutex_lock(&mu);
  copy(&snapshot, &alice);
  pthread_mutex_unlock(&mu);
  return 0;
}
int main(void) {
  raceway_name_object(&alice, "alice");
  raceway_name_object(&snapshot, "snapshot");
  pthread_t a = spawn(deposit, 0), b = spawn(audit, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  printf("%ld\n", snapshot.balance);
  return DONE();
}
