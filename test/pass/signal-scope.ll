; Single-thread-scope atomics (syncscope("singlethread"): atomic_signal_fence,
; __scoped_atomic_*(..., __MEMORY_SCOPE_SINGLE)) only order against signal
; handlers of the same thread, never between threads, so they are not
; synchronisation (as in ThreadSanitizer):
;  * a signal fence gets no __raceway_fence (a thread fence still does);
;  * a load or store of tracked state is a plain read or write (access 0/1,
;    flags 0), so races with other threads are still seen;
;  * an atomicrmw or cmpxchg of tracked state is an atomic with order
;    relaxed (0), whatever its own order;
;  * on untracked memory, nothing is instrumented.
; RUN: %opt -load-pass-plugin=%plugin -passes=raceway -S %s | FileCheck %s

source_filename = "signal.c"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

@t = global i32 0, align 4
@u = global i32 0, align 4
@.str = private unnamed_addr constant [8 x i8] c"raceway\00", section "llvm.metadata"
@.file = private unnamed_addr constant [9 x i8] c"signal.c\00", section "llvm.metadata"
@llvm.global.annotations = appending global [1 x { ptr, ptr, ptr, i32, ptr }] [{ ptr, ptr, ptr, i32, ptr } { ptr @t, ptr @.str, ptr @.file, i32 1, ptr null }], section "llvm.metadata"

; Plain accesses are instrumented before atomics, so their sites come first.
; Fields checked: access, value_kind, size, flags, order.
; CHECK: @[[LD:__raceway_site[.0-9]*]] = {{.*}} i8 0, i8 1, i8 4, i8 0, i8 0, [3 x i8]
; CHECK: @[[ST:__raceway_site[.0-9]*]] = {{.*}} i8 1, i8 1, i8 4, i8 0, i8 0, [3 x i8]
; CHECK: @[[RMW:__raceway_site[.0-9]*]] = {{.*}} i8 4, i8 1, i8 4, i8 32, i8 0, [3 x i8]
; CHECK: @[[CX_OK:__raceway_site[.0-9]*]] = {{.*}} i8 4, i8 1, i8 4, i8 32, i8 0, [3 x i8]
; CHECK: @[[CX_NO:__raceway_site[.0-9]*]] = {{.*}} i8 2, i8 1, i8 4, i8 32, i8 0, [3 x i8]
; CHECK: @[[FENCE:__raceway_site[.0-9]*]] = {{.*}} i8 5, i8 0, i8 0, i8 32, i8 3, [3 x i8]
; CHECK-NOT: @__raceway_site

define i32 @tracked(i32 %v) {
; CHECK-LABEL: define i32 @tracked(
; CHECK:      %x = load atomic i32, ptr @t syncscope("singlethread") acquire
; CHECK-NEXT: %[[X:.+]] = zext i32 %x to i64
; CHECK-NEXT: call void @__raceway_read(ptr @[[LD]], ptr @t, i64 %[[X]])
; CHECK:      call void @__raceway_write(ptr @[[ST]], ptr @t, i64 %{{.+}})
; CHECK-NEXT: store atomic i32 %v, ptr @t syncscope("singlethread") release
; CHECK:      call void @__raceway_atomic_pre(ptr @[[RMW]], ptr @t)
; CHECK-NEXT: %o = atomicrmw add ptr @t, i32 1 syncscope("singlethread") seq_cst
; CHECK:      call void @__raceway_atomic_pre(ptr @[[CX_OK]], ptr @t)
; CHECK-NEXT: %c = cmpxchg ptr @t, i32 %v, i32 0 syncscope("singlethread") seq_cst acquire
; CHECK:      select i1 %{{.+}}, ptr @[[CX_OK]], ptr @[[CX_NO]]
  %x = load atomic i32, ptr @t syncscope("singlethread") acquire, align 4
  store atomic i32 %v, ptr @t syncscope("singlethread") release, align 4
  %o = atomicrmw add ptr @t, i32 1 syncscope("singlethread") seq_cst, align 4
  %c = cmpxchg ptr @t, i32 %v, i32 0 syncscope("singlethread") seq_cst acquire, align 4
  ret i32 %x
}

define i32 @untracked(i32 %v) {
; CHECK-LABEL: define i32 @untracked(
; CHECK-NOT:  call void @__raceway
; CHECK:      fence syncscope("singlethread") seq_cst
; CHECK-NEXT: call void @__raceway_fence(ptr @[[FENCE]])
; CHECK-NEXT: fence release
; CHECK-NOT:  call void @__raceway
; CHECK:      ret i32
  %x = load atomic i32, ptr @u syncscope("singlethread") acquire, align 4
  store atomic i32 %v, ptr @u syncscope("singlethread") release, align 4
  %o = atomicrmw add ptr @u, i32 1 syncscope("singlethread") seq_cst, align 4
  %c = cmpxchg ptr @u, i32 %v, i32 0 syncscope("singlethread") seq_cst acquire, align 4
  fence syncscope("singlethread") seq_cst
  fence release
  ret i32 %x
}
