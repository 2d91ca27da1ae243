// RACEWAY_TRACKED(int, slots[4]) writes annotate("raceway:slots[4]"): the
// name is the identifier, the bounds are ignored, and no warning is given.
// RUN: %clang -O0 -fpass-plugin=%plugin %rwinc -S -emit-llvm -o - %s 2>%t.err | FileCheck %s
// RUN: not grep -q warning %t.err
#include <raceway/raceway.h>

RACEWAY_TRACKED(int, slots[4]);
struct Ring { RACEWAY_TRACKED(long, cells[8]); };

// CHECK-DAG: c"slots\00"
// CHECK-DAG: c"cells\00"
// CHECK: call void @__raceway_write(
// CHECK: call void @__raceway_write(
void fill(struct Ring *r, int i) {
  slots[i] = 1;
  r->cells[i] = 2;
}
