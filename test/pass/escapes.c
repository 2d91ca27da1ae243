// A pointer into tracked state passed to a function of the module reaches
// a clone of that function whose accesses through the parameter are
// instrumented (Escapes.h): the call is retargeted, the original is left
// as it was for the calls that pass untracked pointers, a pointer passed on
// gets a clone at each level, a recursive call reuses its own clone, and a
// thread's start routine is cloned for a tracked argument, also through a
// spawn(fn, arg) wrapper, and a callback passed beside the pointer is
// followed.
// RUN: %clang -g -O0 -fpass-plugin=%plugin -S -emit-llvm -o %t.ll %s -Rpass=raceway 2> %t.remarks
// RUN: FileCheck %s < %t.ll
// RUN: FileCheck %s --check-prefix=SITES < %t.ll
// RUN: FileCheck %s --check-prefix=REMARK < %t.remarks
// RUN: %opt -passes=verify -disable-output %t.ll
// RUN: %clang -g -O2 -fpass-plugin=%plugin -S -emit-llvm -o - %s | FileCheck %s --check-prefix=O2

#include <pthread.h>
struct Account { int id; long balance __attribute__((annotate("raceway:balance"))); };
struct Account acct;
long counter __attribute__((annotate("raceway")));
long plain;

__attribute__((noinline)) void bump(long *p) { *p += 1; }
__attribute__((noinline)) void twice(long *p) { bump(p); bump(p); }
__attribute__((noinline)) void countdown(long *p, int n) {
  if (n)
    countdown(p, n - 1);
  *p = n;
}
__attribute__((noinline)) void move(long *from, long *to) { *to = *from; }
static void *worker(void *arg) { *(long *)arg = 7; return 0; }
static pthread_t spawn(void *(*fn)(void *), void *arg) {
  pthread_t t;
  pthread_create(&t, 0, fn, arg);
  return t;
}
static void apply(void (*op)(long *), long *p) { op(p); }
// A computed goto's label table points into the original: never cloned.
__attribute__((noinline)) void jump(long *p, int k) {
  static void *labels[] = {&&one, &&two};
  goto *labels[k & 1];
one:
  *p = 1;
  return;
two:
  *p = 2;
}

// CHECK-LABEL: define{{.*}} void @bump(ptr
// CHECK-NOT: __raceway
// CHECK: ret void

// CHECK-LABEL: define{{.*}} void @callers(
void callers(struct Account *a) {
  // CHECK: call void @[[BC:bump.raceway.[0-9]+]](ptr {{.*}}@counter)
  // REMARK: escapes.c:[[@LINE+1]]:3: remark: call to bump specialised as bump.raceway.{{[0-9]+}} (parameter 1 points into counter)
  bump(&counter);
  // CHECK: call void @[[BA:bump.raceway.[0-9]+]](ptr
  bump(&a->balance);
  // CHECK: call void @bump(ptr {{.*}}@plain)
  bump(&plain);
  // CHECK: call void @[[TW:twice.raceway.[0-9]+]](ptr
  twice(&acct.balance);
  // CHECK: call void @[[CD:countdown.raceway.[0-9]+]](ptr {{.*}}@counter, i32
  countdown(&counter, 3);
  // Only the tracked parameter is seeded.
  // CHECK: call void @[[MV:move.raceway.[0-9]+]](ptr {{.*}}@counter, ptr {{.*}}@plain)
  move(&counter, &plain);
  // The same origin again: the same clone.
  // CHECK: call void @[[BC]](ptr
  long *q = &counter;
  bump(q);
  pthread_t t;
  // CHECK: call i32 @pthread_create(ptr {{.*}}, ptr {{.*}}, ptr {{.*}}@[[WK:worker.raceway.[0-9]+]], ptr {{.*}}@counter)
  pthread_create(&t, 0, worker, &counter);
  pthread_join(t, 0);
  // A function passed beside the tracked pointer becomes the clone's
  // constant: the wrapper's pthread_create and the callback are followed.
  // CHECK: call i64 @[[SP:spawn.raceway.[0-9]+]](ptr {{.*}}@worker, ptr {{.*}}@counter)
  // REMARK: escapes.c:[[@LINE+1]]:7: remark: call to spawn specialised as spawn.raceway.{{[0-9]+}} (parameter 1 is worker, parameter 2 points into counter)
  t = spawn(worker, &counter);
  // CHECK: call void @[[AP:apply.raceway.[0-9]+]](ptr {{.*}}@bump, ptr {{.*}}@counter)
  apply(bump, &counter);
  // CHECK: call void @jump(ptr {{.*}}@counter, i32
  jump(&counter, 1);
}

// CHECK: define internal void @[[BC]](ptr
// CHECK: call void @__raceway_read(
// CHECK: call void @__raceway_write(
// CHECK: define internal void @[[BA]](ptr
// CHECK: call void @__raceway_read(
// CHECK: define internal void @[[TW]](ptr
// CHECK: call void @[[BT:bump.raceway.[0-9]+]](ptr
// CHECK: call void @[[BT]](ptr
// CHECK: define internal void @[[CD]](ptr
// CHECK: call void @[[CD]](ptr
// CHECK: call void @__raceway_write(
// CHECK: define internal void @[[MV]](ptr
// CHECK: call void @__raceway_read(
// CHECK-NOT: call void @__raceway_write(
// CHECK: ret void
// CHECK: define internal {{.*}}ptr @[[WK]](ptr
// CHECK: call void @__raceway_write(
// CHECK: define internal i64 @[[SP]](ptr
// CHECK: call i32 @pthread_create(ptr {{.*}}, ptr {{.*}}, ptr {{.*}}@[[WK]], ptr
// CHECK: define internal void @[[AP]](ptr
// CHECK: call void @[[BC]](ptr
// CHECK: define internal void @[[BT]](ptr
// CHECK: call void @__raceway_write(

// The sites are named as the caller's own access would be (no function
// here accesses counter or acct directly).
// SITES-DAG: @.raceway.str{{[.0-9]*}} = private unnamed_addr constant [8 x i8] c"counter\00"
// SITES-DAG: @.raceway.str{{[.0-9]*}} = private unnamed_addr constant [5 x i8] c"acct\00"

// O2: define{{.*}} void @callers(
// O2-NOT: call void @bump(ptr {{.*}}@counter)
// O2: ret void
