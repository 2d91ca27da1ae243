// An atomic store's old value is the value it overwrote (read by
// __raceway_atomic_pre just before the store), not a constant: a store of
// 22 over 21 is sent as old 21 -> new 22.
//
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: rm -f %t.jsonl
// RUN: env RACEWAY_OUTPUT=%t.jsonl %t
// RUN: grep -o '"StateChange":{[^}]*}' %t.jsonl | FileCheck %s

#include <stdatomic.h>
#include <raceway/raceway.h>

RACEWAY_TRACKED(_Atomic long, x);

int main(void) {
  atomic_store(&x, 21);   // CHECK: {"variable":"x","old_value":0,"new_value":21,{{.*}}"access_type":"AtomicWrite"}
  atomic_store(&x, 22);   // CHECK-NEXT: {"variable":"x","old_value":{{21|null}},"new_value":22,{{.*}}"access_type":"AtomicWrite"}
  x = 23;                 // CHECK-NEXT: {"variable":"x","old_value":{{22|null}},"new_value":23,{{.*}}"access_type":"AtomicWrite"}
  return 0;
}
