// `d += 2.25` on an _Atomic double is a load + cmpxchg loop on the i64
// bits; the AtomicRMW event takes its value kind from the declared double
// (DW_ATE_float), so it is sent as 1.5 -> 3.75, not as raw bits.
//
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: rm -f %t.jsonl
// RUN: env RACEWAY_OUTPUT=%t.jsonl %t
// RUN: grep -o '"StateChange":{[^}]*}' %t.jsonl | FileCheck %s

#include <raceway/raceway.h>

RACEWAY_TRACKED(_Atomic double, d);

int main(void) {
  d = 1.5;                // CHECK: {"variable":"d","old_value":0,"new_value":1.5,{{.*}}"access_type":"AtomicWrite"}
  d += 2.25;              // CHECK-NEXT: {"variable":"d","old_value":null,"new_value":1.5,{{.*}}"access_type":"AtomicRead"}
                          // CHECK-NEXT: {"variable":"d","old_value":1.5,"new_value":3.75,{{.*}}"access_type":"AtomicRMW"}
  return 0;
}
