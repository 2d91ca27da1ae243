// -raceway-max-clones bounds the clones per module: past it a call keeps
// its callee, with a missed remark saying what is not tracked.
// RUN: %clang -O0 -fplugin=%plugin -fpass-plugin=%plugin -mllvm -raceway-max-clones=1 -S -emit-llvm -o %t.ll %s -Rpass-missed=raceway 2> %t.remarks
// RUN: FileCheck %s < %t.ll
// RUN: FileCheck %s --check-prefix=REMARK < %t.remarks
// RUN: %clang -O0 -fplugin=%plugin -fpass-plugin=%plugin -mllvm -raceway-max-clones=0 -S -emit-llvm -o - %s | FileCheck %s --check-prefix=NONE

long a __attribute__((annotate("raceway")));
long b __attribute__((annotate("raceway")));

__attribute__((noinline)) void set(long *p) { *p = 1; }

void calls(void) {
  // CHECK: call void @set.raceway.1(ptr {{.*}}@a)
  // NONE: call void @set(ptr {{.*}}@a)
  set(&a);
  // CHECK: call void @set(ptr {{.*}}@b)
  // REMARK: escapes-limit.c:[[@LINE+1]]:3: remark: call to set not specialised (parameter 1 points into b): the limit of 1 clones (-raceway-max-clones) is reached; accesses through it there are not tracked
  set(&b);
  // Reusing a clone is not limited.
  // CHECK: call void @set.raceway.1(ptr {{.*}}@a)
  set(&a);
}
// CHECK-NOT: set.raceway.2
// NONE-NOT: set.raceway
