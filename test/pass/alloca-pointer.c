// Pointers to tracked state kept in locals (clang -O0 keeps them in
// allocas), chosen by ?: or if, still reach the hooks; pointers that may
// point elsewhere, or that escape, do not.
// RUN: %clang -O0 -fpass-plugin=%plugin -S -emit-llvm -o - %s | FileCheck %s
// RUN: %clang -O2 -fpass-plugin=%plugin -S -emit-llvm -o - %s | FileCheck %s --check-prefix=O2

struct Account { long balance __attribute__((annotate("raceway:balance"))); };
long g1 __attribute__((annotate("raceway")));
long plain;
void sink(long **pp);

void through_local(struct Account *a) {
  // CHECK-LABEL: @through_local(
  // CHECK: call void @__raceway_write(ptr @{{.*}}, ptr %{{.*}}, i64 5)
  // CHECK-NEXT: store i64 5
  // O2-LABEL: @through_local(
  // O2: call void @__raceway_write(ptr {{.*}}@{{.*}}, ptr {{.*}}, i64 5)
  long *p = &a->balance;
  *p = 5;
}

void select_same(int c, struct Account *a, struct Account *b) {
  // CHECK-LABEL: @select_same(
  // CHECK: call void @__raceway_write(ptr @{{.*}}, ptr %{{.*}}, i64 6)
  long *p = c ? &a->balance : &b->balance;
  *p = 6;
}

void loop_walk(int n) {
  // p = &g1; p = p (a cycle through the slot) still points into g1.
  // CHECK-LABEL: @loop_walk(
  // CHECK: call void @__raceway_read(ptr @{{.*}}, ptr %{{.*}}, i64 %
  long *p = &g1;
  long s = 0;
  for (int i = 0; i < n; i++) {
    s += *p;
    p = p + 0;
  }
  plain = s;
}

void maybe_other(int c) {
  // CHECK-LABEL: @maybe_other(
  // CHECK-NOT: call void @__raceway
  // CHECK: ret void
  long *p = &g1;
  if (c)
    p = &plain;
  *p = 7;
}

void escaped(void) {
  // The slot's address leaves the function: not followed.
  // CHECK-LABEL: @escaped(
  // CHECK-NOT: call void @__raceway_write
  // CHECK: ret void
  long *p = &plain;
  sink(&p);
  *p = 8;
}
