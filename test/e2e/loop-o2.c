// Every source-level access to tracked state is an event, also at -O2
// where the loop would otherwise be folded: 100 iterations of `total += i`
// give exactly 100 Read and 100 Write events, with values and locations.
//
// RUN: %rwcc -g -O2 %s %rwlibs -o %t
// RUN: rm -f %t.jsonl
// RUN: env RACEWAY_OUTPUT=%t.jsonl %t
// RUN: %python %srcroot/test/tools/check_events.py --canonical %t.jsonl
// RUN: %python %srcroot/test/tools/check_chains.py --expect-threads 1 --expect-roots 1 %t.jsonl
// RUN: grep '"variable":"total"' %t.jsonl | grep '"access_type":"Read"' | count 100
// RUN: grep '"variable":"total"' %t.jsonl | grep '"access_type":"Write"' | count 100
// RUN: FileCheck %s < %t.jsonl
//
// CHECK: "parent_id":null,{{.*}}"StateChange":{"variable":"total","old_value":null,"new_value":0,"location":"{{.*}}loop-o2.c:[[#LINE:]]:{{[0-9]+}}","access_type":"Read"}
// CHECK-NEXT: "StateChange":{"variable":"total","old_value":0,"new_value":0,"location":"{{.*}}loop-o2.c:[[#LINE]]:{{[0-9]+}}","access_type":"Write"}
// CHECK-NEXT: "StateChange":{"variable":"total","old_value":null,"new_value":0,
// CHECK-NEXT: "StateChange":{"variable":"total","old_value":0,"new_value":1,
// CHECK: "StateChange":{"variable":"total","old_value":4851,"new_value":4950,{{.*}}"access_type":"Write"

#include <raceway/raceway.h>

RACEWAY_TRACKED(long, total);

__attribute__((noinline)) static void sum(int n) {
  for (int i = 0; i < n; i++)
    total += i;
}

int main(int argc, char **argv) {
  (void)argv;
  sum(99 + argc);
  return 0;
}
