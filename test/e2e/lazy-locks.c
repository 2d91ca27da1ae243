// Locks taken before tracking starts (no tracked access anywhere yet, and
// in code without pass call sites) leave only a lazy entry each
// (runtime/capture/capture.h); the first tracked access settles them:
// their LockAcquire events, oldest first, come before it, and its lock_set
// names every one, as the locks' own bookkeeping would have.  Pairs that
// guard nothing leave no event.  A read lock, a spin lock, a recursive
// mutex taken twice, a non-LIFO unlock.  RACEWAY_LOCK_EVENTS=all (no lazy
// path) gives the same events plus the quiet pairs.
//
// RUN: %clang -g -O1 -c %S/Inputs/lazy-locks-lib.c -o %t.lib.o
// RUN: %rwcc -g -O1 %s %t.lib.o -o %t %rwlibs
// RUN: rm -f %t.jsonl %t.all.jsonl
// RUN: env RACEWAY_OUTPUT=%t.jsonl %t
// RUN: %python %srcroot/test/tools/check_events.py --canonical %t.jsonl
// RUN: grep -o '"kind":{"[A-Za-z]*":{"[a-z_]*":"[^"]*"\|"lock_set":\[[^]]*\]' %t.jsonl | sed -E 's/0x[0-9a-f]+/ADDR/g' | FileCheck %s
// RUN: env RACEWAY_OUTPUT=%t.all.jsonl RACEWAY_LOCK_EVENTS=all %t
// RUN: grep -c '"LockAcquire"' %t.all.jsonl | FileCheck %s --check-prefix=ALL
//
// CHECK:      "kind":{"LockAcquire":{"lock_id":"mutex@ADDR"
// CHECK-NEXT: "lock_set":[]
// CHECK-NEXT: "kind":{"LockAcquire":{"lock_id":"rwlock@ADDR"
// CHECK-NEXT: "lock_set":["mutex@ADDR"]
// CHECK-NEXT: "kind":{"LockAcquire":{"lock_id":"spin@ADDR"
// CHECK-NEXT: "lock_set":["mutex@ADDR","rwlock@ADDR"]
// CHECK-NEXT: "kind":{"LockAcquire":{"lock_id":"mutex@ADDR"
// CHECK-NEXT: "lock_set":["mutex@ADDR","rwlock@ADDR","spin@ADDR"]
// CHECK-NEXT: "kind":{"LockAcquire":{"lock_id":"mutex@ADDR"
// CHECK-NEXT: "lock_set":["mutex@ADDR","rwlock@ADDR","spin@ADDR","mutex@ADDR"]
// CHECK-NEXT: "kind":{"StateChange":{"variable":"counter"
// CHECK-NEXT: "lock_set":["mutex@ADDR","rwlock@ADDR","spin@ADDR","mutex@ADDR","mutex@ADDR"]
// CHECK-NEXT: "kind":{"LockRelease":{"lock_id":"mutex@ADDR"
// CHECK-NEXT: "lock_set":["mutex@ADDR","rwlock@ADDR","spin@ADDR","mutex@ADDR","mutex@ADDR"]
// CHECK-NEXT: "kind":{"LockRelease":{"lock_id":"mutex@ADDR"
// CHECK-NEXT: "lock_set":["mutex@ADDR","rwlock@ADDR","spin@ADDR","mutex@ADDR"]
// CHECK-NEXT: "kind":{"StateChange":{"variable":"counter"
// CHECK-NEXT: "lock_set":["rwlock@ADDR","spin@ADDR","mutex@ADDR"]
// CHECK-NEXT: "kind":{"LockRelease":{"lock_id":"mutex@ADDR"
// CHECK-NEXT: "lock_set":["rwlock@ADDR","spin@ADDR","mutex@ADDR"]
// CHECK-NEXT: "kind":{"LockRelease":{"lock_id":"spin@ADDR"
// CHECK-NEXT: "lock_set":["rwlock@ADDR","spin@ADDR"]
// CHECK-NEXT: "kind":{"LockRelease":{"lock_id":"rwlock@ADDR"
// CHECK-NEXT: "lock_set":["rwlock@ADDR"]
// CHECK-NEXT: "kind":{"StateChange":{"variable":"counter"
// CHECK-NEXT: "lock_set":[]
// CHECK-NOT:  "kind"
// ALL: 11

#include <raceway/raceway.h>

void locks_init(void);
void quiet_pairs(int n);
void lock_all(void);
void unlock_r_then_a(void);
void unlock_rest(void);

RACEWAY_TRACKED(long, counter);

int main(void) {
  locks_init();
  quiet_pairs(3);
  lock_all();
  counter = 1;            /* tracking starts: the five holds settle */
  unlock_r_then_a();
  counter = 2;
  unlock_rest();
  quiet_pairs(3);
  counter = 3;
  return 0;
}
