// Annotated globals: reads after the load, writes before the store, names,
// value kinds from debug info, flags (COMPOUND 16, WRITE_FOLLOWS 128,
// VOLATILE 4, REDACT 2; the IR prints an i8 signed: 144 is -112).
// RUN: %clang -g -O0 -fpass-plugin=%plugin -S -emit-llvm -o - %s | FileCheck %s
// RUN: %clang -O0 -fpass-plugin=%plugin -S -emit-llvm -o - %s | FileCheck %s --check-prefix=NODBG
// RUN: %clang -O2 -fpass-plugin=%plugin -Rpass=raceway -c -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=REMARK
// REMARK: globals.c:[[#@LINE+32]]:1: remark: instrumented 7 accesses to tracked state [-Rpass=raceway]
// REMARK: globals.c:[[#@LINE+56]]:1: remark: instrumented 2 accesses to tracked state [-Rpass=raceway]

#include <stdbool.h>

long counter __attribute__((annotate("raceway")));
unsigned long total __attribute__((annotate("raceway:total,redact")));
volatile int flag __attribute__((annotate("raceway")));
bool ready __attribute__((annotate("raceway:ready")));
double ratio __attribute__((annotate("raceway")));
int *where __attribute__((annotate("raceway")));
long untracked;

// Strings are shared by all sites of a module.
// CHECK: @[[COUNTER:.+]] = private unnamed_addr constant [8 x i8] c"counter\00", align 1
// CHECK: @[[FILE:.+]] = private unnamed_addr constant [{{[0-9]+}} x i8] c"{{.*}}globals.c\00", align 1
// counter++: the read is COMPOUND and its write follows with nothing between
// (144), the write plain; SINT, 8 bytes.
// CHECK: @[[INC_R:__raceway_site[.0-9]*]] = private constant {{.*}} { ptr @[[COUNTER]], ptr null, ptr @[[FILE]], i32 [[#@LINE+21]], i32 10, i32 0, i8 0, i8 1, i8 8, i8 -112, i8 0,
// CHECK: @[[INC_W:__raceway_site[.0-9]*]] = private constant {{.*}} { ptr @[[COUNTER]], ptr null, ptr @[[FILE]], i32 [[#@LINE+20]], i32 10, i32 0, i8 1, i8 1, i8 8, i8 0, i8 0,
// CHECK: @[[TOTAL:.+]] = private unnamed_addr constant [6 x i8] c"total\00"
// CHECK: @[[TOT_W:__raceway_site[.0-9]*]] = {{.*}} { ptr @[[TOTAL]], ptr null, ptr @[[FILE]], i32 [[#@LINE+19]], i32 9, i32 0, i8 1, i8 2, i8 8, i8 2, i8 0,
// CHECK: @[[FLAG_W:__raceway_site[.0-9]*]] = {{.*}} i32 [[#@LINE+19]], i32 8, i32 0, i8 1, i8 1, i8 4, i8 4, i8 0,
// CHECK: @[[READY_W:__raceway_site[.0-9]*]] = {{.*}} i32 [[#@LINE+19]], i32 9, i32 0, i8 1, i8 5, i8 1, i8 0, i8 0,
// CHECK: @[[RATIO_W:__raceway_site[.0-9]*]] = {{.*}} i32 [[#@LINE+19]], i32 9, i32 0, i8 1, i8 3, i8 8, i8 0, i8 0,
// CHECK: @[[WHERE_W:__raceway_site[.0-9]*]] = {{.*}} i32 [[#@LINE+19]], i32 9, i32 0, i8 1, i8 4, i8 8, i8 0, i8 0,
// A function-static is named the way clang names it.
// CHECK: c"bump.calls\00"
// Without -g: the annotation's file and line, column 0; kinds from IR.
// NODBG: @__raceway_site{{.*}} { ptr @{{.*}}, ptr null, ptr @{{.*}}, i32 12, i32 0, i32 0, i8 0, i8 1, i8 8, i8 -112, i8 0,
// NODBG: @__raceway_site{{.*}} i32 13, i32 0, i32 0, i8 1, i8 1, i8 8, i8 2, i8 0,

void writer(void) {
  // CHECK-LABEL: define {{.*}}void @writer()
  // CHECK:      %[[V:.+]] = load i64, ptr @counter
  // CHECK-NEXT: call void @__raceway_read(ptr @[[INC_R]], ptr @counter, i64 %[[V]])
  // CHECK-NEXT: %[[N:.+]] = add nsw i64 %[[V]], 1
  // CHECK-NEXT: call void @__raceway_write(ptr @[[INC_W]], ptr @counter, i64 %[[N]])
  // CHECK-NEXT: store i64 %[[N]], ptr @counter
  counter++;
  total = 7;
  flag = 1;
  ready = true;
  ratio = 0.5;
  where = 0;
  // CHECK: call void @__raceway_write(ptr @[[TOT_W]], ptr @total, i64 7)
  // CHECK: call void @__raceway_write(ptr @[[FLAG_W]], ptr @flag, i64 1)
  // CHECK: store volatile i32 1, ptr @flag
  // CHECK: call void @__raceway_write(ptr @[[READY_W]], ptr @ready, i64 1)
  // CHECK: call void @__raceway_write(ptr @[[RATIO_W]], ptr @ratio, i64 4602678819172646912)
  // CHECK: call void @__raceway_write(ptr @[[WHERE_W]], ptr @where, i64 0)
  // Untracked globals are left alone.
  // CHECK-NOT: call void @__raceway
  // CHECK: store i64 3, ptr @untracked
  untracked = 3;
}

int bump(void) {
  static int calls __attribute__((annotate("raceway")));
  // CHECK-LABEL: define {{.*}}i32 @bump()
  // CHECK: call void @__raceway_read(ptr @{{.*}}, ptr @bump.calls,
  // CHECK: call void @__raceway_write(ptr @{{.*}}, ptr @bump.calls,
  return ++calls;
}
