; Floating-point atomicrmw: the new value is computed in IR (fadd, fsub,
; maxnum, minnum), so AtomicRMW events carry old -> new, not old -> old.
; RUN: %opt -load-pass-plugin=%plugin -passes=raceway -S %s | FileCheck %s

@g = global double 0.0
@.str = private unnamed_addr constant [8 x i8] c"raceway\00", section "llvm.metadata"
@.file = private unnamed_addr constant [4 x i8] c"a.c\00", section "llvm.metadata"
@llvm.global.annotations = appending global [1 x { ptr, ptr, ptr, i32, ptr }] [{ ptr, ptr, ptr, i32, ptr } { ptr @g, ptr @.str, ptr @.file, i32 1, ptr null }], section "llvm.metadata"
define double @f(double %x) {
; CHECK-LABEL: @f(
; CHECK: %o = atomicrmw fadd ptr @g, double %x seq_cst
; CHECK-NEXT: %[[OLD:.+]] = bitcast double %o to i64
; CHECK-NEXT: %[[NEW:.+]] = fadd double %o, %x
; CHECK-NEXT: %[[NEWB:.+]] = bitcast double %[[NEW]] to i64
; CHECK-NEXT: call void @__raceway_atomic_post(ptr @{{.*}}, ptr @g, i64 %[[OLD]], i64 %[[NEWB]])
  %o = atomicrmw fadd ptr @g, double %x seq_cst
  ret double %o
}

define double @fmax(double %x) {
; CHECK-LABEL: @fmax(
; CHECK: %o = atomicrmw fmax ptr @g, double %x seq_cst
; CHECK: call double @llvm.maxnum.f64(double %o, double %x)
  %o = atomicrmw fmax ptr @g, double %x seq_cst
  ret double %o
}
