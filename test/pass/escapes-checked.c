// Checked escapes (-raceway-escapes=checked): the module registers the
// tracked globals it defines, one range per scalar member named as a
// direct access, from a constructor; a load or store through a pointer
// the pass neither tracks nor proves untracked gets the inline filter
// test (lshr 12, and 65535: raceway/abi.h) and, in a cold block, a
// checked hook.  Locals that do not escape, constants, thread-locals and
// untracked globals of this file are not checked; nor are atomics.
// RUN: %clang -g -O1 -fpass-plugin=%plugin -fplugin=%plugin -mllvm -raceway-escapes=checked -S -emit-llvm -o - %s | FileCheck %s
// The default (cloned) adds no check.
// RUN: %clang -g -O1 -fpass-plugin=%plugin -fplugin=%plugin -mllvm -raceway-escapes=cloned -S -emit-llvm -o - %s | FileCheck %s --check-prefix=OFF
// A bad value is one clear error.
// RUN: not %clang -O0 -fpass-plugin=%plugin -fplugin=%plugin -mllvm -raceway-escapes=sometimes -S -emit-llvm -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=BAD
// OFF-NOT: __raceway_checked
// OFF-NOT: __raceway_range
// OFF-NOT: raceway.register_ranges
// BAD: Cannot find option named 'sometimes'

struct Stats { long misses; long hits; };
long counter __attribute__((annotate("raceway")));
struct Stats stats __attribute__((annotate("raceway")));
int plain;
const int table[2] = {1, 2};
_Thread_local int tls;

// Names of the ranges, one per scalar member.
// CHECK-DAG: c"counter\00"
// CHECK-DAG: c"stats.hits\00"
// CHECK-DAG: c"stats.misses\00"
// CHECK-DAG: @llvm.global_ctors = appending global {{.*}} @raceway.register_ranges
// CHECK-DAG: @__raceway_ranges = private constant [3 x { ptr, i64, ptr }] [{ ptr, i64, ptr } { ptr @counter, i64 8, ptr @{{.*}} }, { ptr, i64, ptr } { ptr @stats, i64 8, ptr @{{.*}} }, { ptr, i64, ptr } { ptr getelementptr inbounds (i8, ptr @stats, i64 8), i64 8, ptr @{{.*}} }]
// CHECK-DAG: @__raceway_range_filter = external {{.*}}global [65536 x i8]

void add_to(long *p, long d) {
  // CHECK-LABEL: define {{.*}}void @add_to(
  // CHECK: %[[V:[0-9]+]] = load i64, ptr %[[P:[0-9]+]]
  // CHECK-NEXT: %[[A:[0-9]+]] = ptrtoint ptr %[[P]] to i64
  // CHECK-NEXT: %[[S:[0-9]+]] = lshr i64 %[[A]], 12
  // CHECK-NEXT: %[[I:[0-9]+]] = and i64 %[[S]], 65535
  // LLVM 22 folds the GEP to i8 (inbounds nuw i8, ptr @f, i64 %i).
  // CHECK-NEXT: %[[F:[0-9]+]] = getelementptr inbounds {{.*}}ptr @__raceway_range_filter, {{.*}}i64 %[[I]]
  // CHECK-NEXT: %[[B:[0-9]+]] = load i8, ptr %[[F]]
  // CHECK-NEXT: %[[H:[0-9]+]] = icmp eq i8 %[[B]], 0
  // CHECK-NEXT: br i1 %[[H]], label %{{[0-9]+}}, label %{{[0-9]+}}, {{.*}}!prof
  // CHECK: call void @__raceway_checked_read(ptr nonnull @{{.*}}, ptr nonnull %[[P]], i64 %[[V]])
  // The store's test reuses the byte (same page): the optimiser runs after.
  // CHECK: call void @__raceway_checked_write(ptr nonnull @{{.*}}, ptr nonnull %[[P]], i64 %{{.*}})
  // CHECK: store i64 %{{.*}}, ptr %[[P]]
  *p += d;
}

int untouched(int i) {
  // CHECK-LABEL: define {{.*}}i32 @untouched(
  // CHECK-NOT: __raceway_
  // CHECK: ret i32
  int mine[2] = {i, i + 1};
  plain += mine[i & 1];
  return plain + table[i & 1] + tls;
}

void atomic_inc(long *p) {
  // CHECK-LABEL: define {{.*}}void @atomic_inc(
  // CHECK-NOT: __raceway_checked
  // CHECK: ret void
  __atomic_fetch_add(p, 1, __ATOMIC_RELAXED);
}

void direct(void) {
  // The module's own accesses to its tracked state: the usual hooks.
  // CHECK-LABEL: define {{.*}}void @direct(
  // CHECK-NOT: __raceway_checked
  // CHECK: call void @__raceway_write({{.*}}, ptr nonnull @counter,
  // CHECK-NOT: __raceway_checked
  // CHECK: ret void
  counter = 1;
}

// CHECK-LABEL: define internal void @raceway.register_ranges()
// CHECK-NEXT: call void @__raceway_register_ranges(ptr nonnull @__raceway_ranges, i64 3)
