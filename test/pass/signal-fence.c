// atomic_signal_fence is a single-thread fence: it orders nothing between
// threads and gets no __raceway_fence; atomic_thread_fence does (order in
// the site: release 3).  Tracked accesses around both are instrumented.
// RUN: %clang -g -O0 -fpass-plugin=%plugin -S -emit-llvm -o - %s | FileCheck %s
// RUN: %clang -g -O2 -fpass-plugin=%plugin -S -emit-llvm -o - %s | FileCheck %s

#include <stdatomic.h>

long ready __attribute__((annotate("raceway")));

// Fence site: access FENCE (5), flags TRACKED (32), order release (3).
// CHECK: @[[FENCE:__raceway_site[.0-9]*]] = {{.*}} i8 5, i8 0, i8 0, i8 32, i8 3,
// CHECK-LABEL: define {{.*}}void @publish(
// CHECK:      call void @__raceway_write(
// CHECK-NOT:  call void @__raceway_fence
// CHECK:      fence syncscope("singlethread") seq_cst
// CHECK-NEXT: call void @__raceway_fence(ptr {{.*}}@[[FENCE]]), !dbg
// CHECK-NEXT: fence release
// CHECK:      call void @__raceway_write(
void publish(void) {
  ready = 1;
  atomic_signal_fence(memory_order_seq_cst);
  atomic_thread_fence(memory_order_release);
  ready = 2;
}
