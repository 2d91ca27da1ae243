// Opt-in function entry/exit: functions annotated "raceway" and functions
// named by -raceway-functions=<globs> call __raceway_func_entry(site, args)
// on entry, with the scalar arguments as 64-bit values, and
// __raceway_func_exit(site) before every return.
// clang parses -mllvm before it loads -fpass-plugin, so the option also
// needs -fplugin= to load the plugin early.
// RUN: %clang -g -O0 -fplugin=%plugin -fpass-plugin=%plugin -mllvm -raceway-functions='handle_*,other' -S -emit-llvm -o - %s | FileCheck %s
// RUN: %clang -O0 -S -emit-llvm -Xclang -disable-llvm-passes -o %t.ll %s
// RUN: %opt -load-pass-plugin=%plugin -passes=raceway -raceway-functions='handle_*' -S %t.ll | FileCheck %s --check-prefix=OPT
// RUN: %opt -load-pass-plugin=%plugin -passes=raceway -S %t.ll | FileCheck %s --check-prefix=ANNOT

struct Big { long a[8]; };

// arg_kinds: SINT (1), FLOAT (3), PTR (4); UINT (2) from debug info.
// CHECK: @[[ANAMES:__raceway_arg_names[.0-9]*]] = private constant [3 x ptr] [ptr @[[A:.+]], ptr @[[D:.+]], ptr @[[P:.+]]]
// CHECK: @[[AKINDS:__raceway_arg_kinds[.0-9]*]] = private unnamed_addr constant [3 x i8] c"\01\03\04"
// CHECK: @[[FNAME:.+]] = private unnamed_addr constant [10 x i8] c"annotated\00"
// CHECK: @[[MOD:.+]] = private unnamed_addr constant [11 x i8] c"func-entry\00"
// CHECK: @[[FSITE:__raceway_func_site[.0-9]*]] = private constant { ptr, ptr, ptr, i32, i32, ptr, ptr } { ptr @[[FNAME]], ptr @[[MOD]], ptr @{{.*}}, i32 [[#@LINE+6]], i32 3, ptr @[[ANAMES]], ptr @[[AKINDS]] }
// CHECK: constant [1 x i8] c"\02"
// CHECK: c"handle_request\00"
// The struct passed by value is not recorded: one argument.
// CHECK: @__raceway_func_site{{.*}} i32 1, ptr @{{.*}}, ptr @{{.*}} }
__attribute__((annotate("raceway")))
int annotated(int a, double d, char *p) {
  // CHECK-LABEL: @annotated(
  // CHECK: %[[ARGS:.+]] = alloca [3 x i64]
  // CHECK: %[[A0:.+]] = getelementptr inbounds [3 x i64], ptr %[[ARGS]], i32 0, i32 0
  // CHECK-NEXT: %[[AV:.+]] = sext i32 %{{.*}} to i64
  // CHECK-NEXT: store i64 %[[AV]], ptr %[[A0]]
  // CHECK: bitcast double %{{.*}} to i64
  // CHECK: ptrtoint ptr %{{.*}} to i64
  // CHECK: call void @__raceway_func_entry(ptr @[[FSITE]], ptr %[[ARGS]])
  // CHECK: call void @__raceway_func_exit(ptr @[[FSITE]])
  // CHECK-NEXT: ret i32
  if (a > 0)
    return a;
  return (int)d;
}

int handle_request(struct Big b, unsigned n) {
  // CHECK-LABEL: @handle_request(
  // CHECK: call void @__raceway_func_entry(
  // CHECK: call void @__raceway_func_exit(
  // OPT-LABEL: @handle_request(
  // OPT: call void @__raceway_func_entry(
  return (int)(b.a[0] + n);
}

void not_selected(void) {
  // CHECK-LABEL: @not_selected(
  // CHECK-NOT: call void @__raceway
  // CHECK: ret void
  // ANNOT-LABEL: @handle_request(
  // ANNOT-NOT: call void @__raceway
  // ANNOT-LABEL: @not_selected(
}
