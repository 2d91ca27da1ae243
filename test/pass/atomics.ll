; Atomics on tracked state: pre hook before, post hook after with (old, new),
; access kind and C11 order in the site, flag TRACKED (32).  Atomics on other
; memory get sync-only sites (flags 0); singlethread atomics and fences are
; not synchronisation (signal-scope.ll).
; RUN: %opt -load-pass-plugin=%plugin -passes=raceway -S %s | FileCheck %s
; RUN: %opt -load-pass-plugin=%plugin -passes=raceway -raceway-untracked-atomics=0 -S %s | FileCheck %s --check-prefix=NOSYNC

source_filename = "atomics.c"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

@a = global i64 0, align 8
@plain = global i64 0, align 8
@.str = private unnamed_addr constant [8 x i8] c"raceway\00", section "llvm.metadata"
@.file = private unnamed_addr constant [10 x i8] c"atomics.c\00", section "llvm.metadata"
@llvm.global.annotations = appending global [1 x { ptr, ptr, ptr, i32, ptr }] [{ ptr, ptr, ptr, i32, ptr } { ptr @a, ptr @.str, ptr @.file, i32 1, ptr null }], section "llvm.metadata"

; Sites are emitted in instruction order.  Fields checked: access
; (ATOMIC_READ=2 WRITE=3 RMW=4 FENCE=5), value_kind (SINT=1), size, flags
; (TRACKED=32), order (C11: relaxed 0, acquire 2, release 3, acq_rel 4,
; seq_cst 5).
; CHECK: @[[LD_MONO:__raceway_site[.0-9]*]] = {{.*}} i32 0, i8 2, i8 1, i8 8, i8 32, i8 0, [3 x i8]
; CHECK: @[[LD_ACQ:__raceway_site[.0-9]*]] = {{.*}} i32 0, i8 2, i8 1, i8 8, i8 32, i8 2, [3 x i8]
; CHECK: @[[LD_SC:__raceway_site[.0-9]*]] = {{.*}} i32 0, i8 2, i8 1, i8 8, i8 32, i8 5, [3 x i8]
; CHECK: @[[ST_REL:__raceway_site[.0-9]*]] = {{.*}} i32 0, i8 3, i8 1, i8 8, i8 32, i8 3, [3 x i8]
; CHECK: @[[RMW_ADD:__raceway_site[.0-9]*]] = {{.*}} i32 0, i8 4, i8 1, i8 8, i8 32, i8 4, [3 x i8]
; CHECK: @__raceway_site{{.*}} i32 0, i8 4, i8 1, i8 8, i8 32, i8 5, [3 x i8]
; CHECK: @__raceway_site{{.*}} i32 0, i8 4, i8 1, i8 8, i8 32, i8 5, [3 x i8]
; CHECK: @__raceway_site{{.*}} i32 0, i8 4, i8 1, i8 8, i8 32, i8 5, [3 x i8]
; CHECK: @__raceway_site{{.*}} i32 0, i8 4, i8 1, i8 8, i8 32, i8 5, [3 x i8]
; CHECK: @__raceway_site{{.*}} i32 0, i8 4, i8 3, i8 8, i8 32, i8 5, [3 x i8]
; CHECK: @[[CX_OK:__raceway_site[.0-9]*]] = {{.*}} i32 0, i8 4, i8 1, i8 8, i8 32, i8 5, [3 x i8]
; CHECK: @[[CX_FAIL:__raceway_site[.0-9]*]] = {{.*}} i32 0, i8 2, i8 1, i8 8, i8 32, i8 2, [3 x i8]
; CHECK: @[[PLAIN_NAME:.+]] = private unnamed_addr constant [6 x i8] c"plain\00"
; CHECK: @[[UNTRACKED:__raceway_site[.0-9]*]] = {{.*}} { ptr @[[PLAIN_NAME]], ptr null, {{.*}} i32 0, i8 4, i8 1, i8 8, i8 0, i8 5, [3 x i8]
; CHECK: @__raceway_site{{.*}} { ptr null, ptr null, {{.*}} i32 0, i8 2, i8 1, i8 4, i8 0, i8 2, [3 x i8]
; CHECK: @[[FENCE:__raceway_site[.0-9]*]] = private constant {{.*}} { ptr null, ptr null, ptr @{{.*}}, i32 0, i32 0, i32 0, i8 5, i8 0, i8 0, i8 32, i8 4, [3 x i8] zeroinitializer }
; CHECK-NOT: @__raceway_site

define i64 @loads() {
; CHECK-LABEL: define i64 @loads()
; CHECK:      call void @__raceway_atomic_pre(ptr @[[LD_MONO]], ptr @a)
; CHECK-NEXT: %x = load atomic i64, ptr @a monotonic
; CHECK-NEXT: call void @__raceway_atomic_post(ptr @[[LD_MONO]], ptr @a, i64 %x, i64 %x)
; CHECK:      call void @__raceway_atomic_pre(ptr @[[LD_ACQ]], ptr @a)
; CHECK:      call void @__raceway_atomic_pre(ptr @[[LD_SC]], ptr @a)
; CHECK:      call void @__raceway_atomic_post(ptr @[[LD_SC]], ptr @a, i64 %z, i64 %z)
; CHECK-NEXT: %w = load atomic i64, ptr @a syncscope("singlethread") seq_cst
; CHECK-NEXT: call void @__raceway_read(ptr @{{.*}}, ptr @a, i64 %w)
; CHECK-NOT:  call void @__raceway
; CHECK:      ret i64
  %x = load atomic i64, ptr @a monotonic, align 8
  %y = load atomic i64, ptr @a acquire, align 8
  %z = load atomic i64, ptr @a seq_cst, align 8
  %w = load atomic i64, ptr @a syncscope("singlethread") seq_cst, align 8
  %s1 = add i64 %x, %y
  %s2 = add i64 %s1, %z
  %s3 = add i64 %s2, %w
  ret i64 %s3
}

define void @stores(i64 %v) {
; CHECK-LABEL: define void @stores(
; CHECK:      call void @__raceway_atomic_pre(ptr @[[ST_REL]], ptr @a)
; CHECK-NEXT: store atomic i64 %v, ptr @a release
; CHECK-NEXT: call void @__raceway_atomic_post(ptr @[[ST_REL]], ptr @a, i64 0, i64 %v)
  store atomic i64 %v, ptr @a release, align 8
  ret void
}

define i64 @rmw(i64 %v) {
; CHECK-LABEL: define i64 @rmw(
; CHECK:      call void @__raceway_atomic_pre(ptr @[[RMW_ADD]], ptr @a)
; CHECK-NEXT: %old = atomicrmw add ptr @a, i64 %v acq_rel
; CHECK-NEXT: %[[NEW:.+]] = add i64 %old, %v
; CHECK-NEXT: call void @__raceway_atomic_post(ptr @[[RMW_ADD]], ptr @a, i64 %old, i64 %[[NEW]])
; CHECK:      %x = atomicrmw xchg ptr @a, i64 %v
; CHECK-NEXT: call void @__raceway_atomic_post(ptr @{{.*}}, ptr @a, i64 %x, i64 %v)
; CHECK:      %n = atomicrmw nand ptr @a, i64 %v
; CHECK-NEXT: %[[AND:.+]] = and i64 %n, %v
; CHECK-NEXT: %[[NOT:.+]] = xor i64 %[[AND]], -1
; CHECK-NEXT: call void @__raceway_atomic_post(ptr @{{.*}}, ptr @a, i64 %n, i64 %[[NOT]])
; CHECK:      %m = atomicrmw umax ptr @a, i64 %v
; CHECK-NEXT: %[[GT:.+]] = icmp ugt i64 %m, %v
; CHECK-NEXT: %[[MAX:.+]] = select i1 %[[GT]], i64 %m, i64 %v
; CHECK-NEXT: call void @__raceway_atomic_post(ptr @{{.*}}, ptr @a, i64 %m, i64 %[[MAX]])
; CHECK:      %s = atomicrmw min ptr @a, i64 %v
; CHECK-NEXT: %[[LT:.+]] = icmp slt i64 %s, %v
; CHECK-NEXT: %[[MIN:.+]] = select i1 %[[LT]], i64 %s, i64 %v
; CHECK-NEXT: call void @__raceway_atomic_post(ptr @{{.*}}, ptr @a, i64 %s, i64 %[[MIN]])
  %old = atomicrmw add ptr @a, i64 %v acq_rel, align 8
  %x = atomicrmw xchg ptr @a, i64 %v seq_cst, align 8
  %n = atomicrmw nand ptr @a, i64 %v seq_cst, align 8
  %m = atomicrmw umax ptr @a, i64 %v seq_cst, align 8
  %s = atomicrmw min ptr @a, i64 %v seq_cst, align 8
  ret i64 %old
}

; A double fadd: the new value is computed with fadd (atomics-float.ll
; covers the other floating-point operations).
define void @rmw_float(double %d) {
; CHECK-LABEL: define void @rmw_float(
; CHECK:      %f = atomicrmw fadd ptr @a, double %d
; CHECK-NEXT: %[[B:.+]] = bitcast double %f to i64
; CHECK-NEXT: %[[N:.+]] = fadd double %f, %d
; CHECK-NEXT: %[[B2:.+]] = bitcast double %[[N]] to i64
; CHECK-NEXT: call void @__raceway_atomic_post(ptr @{{.*}}, ptr @a, i64 %[[B]], i64 %[[B2]])
  %f = atomicrmw fadd ptr @a, double %d seq_cst, align 8
  ret void
}

; Success: the RMW site and the desired value; failure: the READ site and
; the value seen.
define i1 @cas(i64 %e, i64 %d) {
; CHECK-LABEL: define i1 @cas(
; CHECK:      call void @__raceway_atomic_pre(ptr @[[CX_OK]], ptr @a)
; CHECK-NEXT: %r = cmpxchg ptr @a, i64 %e, i64 %d seq_cst acquire
; CHECK-NEXT: %[[SEEN:.+]] = extractvalue { i64, i1 } %r, 0
; CHECK-NEXT: %[[OK:.+]] = extractvalue { i64, i1 } %r, 1
; CHECK-NEXT: %[[SITE:.+]] = select i1 %[[OK]], ptr @[[CX_OK]], ptr @[[CX_FAIL]]
; CHECK-NEXT: %[[NEW:.+]] = select i1 %[[OK]], i64 %d, i64 %[[SEEN]]
; CHECK-NEXT: call void @__raceway_atomic_post(ptr %[[SITE]], ptr @a, i64 %[[SEEN]], i64 %[[NEW]])
  %r = cmpxchg ptr @a, i64 %e, i64 %d seq_cst acquire, align 8
  %ok = extractvalue { i64, i1 } %r, 1
  ret i1 %ok
}

; Other memory: sync-only site, named after the global when there is one.
define void @untracked(ptr %p) {
; CHECK-LABEL: define void @untracked(
; CHECK:      call void @__raceway_atomic_pre(ptr @[[UNTRACKED]], ptr @plain)
; CHECK:      call void @__raceway_atomic_pre(ptr @{{.*}}, ptr %p)
; CHECK:      call void @__raceway_fence(ptr @[[FENCE]])
; CHECK-NEXT: fence acq_rel
; CHECK-NOT:  call void @__raceway
; CHECK:      fence syncscope("singlethread") seq_cst
; NOSYNC-LABEL: define void @untracked(
; NOSYNC-NOT: call void @__raceway
; NOSYNC:     ret void
  %u = atomicrmw add ptr @plain, i64 1 seq_cst, align 8
  %q = load atomic i32, ptr %p acquire, align 4
  fence acq_rel
  fence syncscope("singlethread") seq_cst
  ret void
}
