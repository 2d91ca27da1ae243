; The IR form of atomics-only-module.c: no annotation, one atomicrmw and one
; fence; the pass instruments both (happens-before) and marks the module.
; RUN: %opt -load-pass-plugin=%plugin -passes=raceway -S %s | FileCheck %s

source_filename = "spin.c"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

; Sync-only sites: order seq_cst (5), no TRACKED flag on the RMW, TRACKED on
; the fence (every fence is a MemoryFence event).
; CHECK: @[[RMW:__raceway_site[.0-9]*]] = private constant {{.*}} i8 4, i8 1, i8 4, i8 0, i8 5,
; CHECK: @[[FENCE:__raceway_site[.0-9]*]] = private constant {{.*}} i8 5, i8 0, i8 0, i8 32, i8 5,

define void @work(ptr %p) {
; CHECK-LABEL: define void @work(
; CHECK: call void @__raceway_atomic_pre(ptr @[[RMW]], ptr %p)
; CHECK-NEXT: %a = atomicrmw add ptr %p, i32 1 seq_cst
; CHECK: call void @__raceway_atomic_post(ptr @[[RMW]], ptr %p,
; CHECK: call void @__raceway_fence(ptr @[[FENCE]])
; CHECK-NEXT: fence seq_cst
  %a = atomicrmw add ptr %p, i32 1 seq_cst, align 4
  fence seq_cst
  ret void
}

; CHECK: !raceway.instrumented = !{}
