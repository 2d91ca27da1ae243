// At -O2 every source-level access is still reported: a 100-iteration loop
// of counter++ keeps one read and one write hook per iteration (the
// optimiser may keep the value in a register, but not drop the calls).
// RUN: %clang -O2 -fpass-plugin=%plugin -S -emit-llvm -o - %s | FileCheck %s
// RUN: %clang -O3 -fpass-plugin=%plugin -S -emit-llvm -o - %s | FileCheck %s

long counter __attribute__((annotate("raceway")));
long untracked;

void loop(void) {
  for (int i = 0; i < 100; i++)
    counter++;
}
// CHECK-LABEL: define {{.*}}void @loop()
// CHECK: %[[I:.+]] = phi i32 [ 0, %{{.*}} ], [ %[[INEXT:.+]], %[[BODY:[0-9]+]] ]
// CHECK-NOT: br
// CHECK: call void @__raceway_read(
// CHECK-NOT: br
// CHECK: call void @__raceway_write(
// CHECK: %[[INEXT]] = add nuw nsw i32 %[[I]], 1
// CHECK-NEXT: %[[DONE:.+]] = icmp eq i32 %[[INEXT]], 100
// CHECK-NEXT: br i1 %[[DONE]], label %{{.*}}, label %[[BODY]]
// CHECK-NOT: call void @__raceway
// CHECK-LABEL: define {{.*}}void @plain_loop()

// Untracked code is optimised as usual: this loop folds to one store.
void plain_loop(void) {
  for (int i = 0; i < 100; i++)
    untracked++;
}
// CHECK-NOT: call void @__raceway
// CHECK-NOT: br
// CHECK: ret void
