; In a module with tracked state, untracked plain accesses are untouched:
; removing the inserted hook calls, sites and declarations gives back the
; input.  (Atomics, fences and sync calls are instrumented module-wide; this
; module has none.)
; RUN: %opt -load-pass-plugin=%plugin -passes=raceway -S %s -o %t.rw.ll
; RUN: %opt -passes=verify -S %s -o %t.plain.ll
; RUN: grep -v -e __raceway -e '^@\.raceway\.str' -e '^!raceway.instrumented' -e '^attributes #' -e '^; Function Attrs' -e '^$' %t.rw.ll > %t.rw.filtered
; RUN: grep -v -e '^$' %t.plain.ll > %t.plain.filtered
; RUN: diff %t.plain.filtered %t.rw.filtered
; RUN: FileCheck %s < %t.rw.ll

source_filename = "mixed.c"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

@tracked = global i64 0, align 8
@other = global i64 0, align 8
@.rw = private unnamed_addr constant [8 x i8] c"raceway\00", section "llvm.metadata"
@.file = private unnamed_addr constant [8 x i8] c"mixed.c\00", section "llvm.metadata"
@llvm.global.annotations = appending global [1 x { ptr, ptr, ptr, i32, ptr }] [{ ptr, ptr, ptr, i32, ptr } { ptr @tracked, ptr @.rw, ptr @.file, i32 1, ptr null }], section "llvm.metadata"

; CHECK-LABEL: define void @work(
; CHECK-NEXT: %v = load i64, ptr @other
; CHECK-NEXT: store i64 %v, ptr %p
; CHECK-NEXT: %t = load i64, ptr @tracked
; CHECK-NEXT: call void @__raceway_read(ptr @{{.*}}, ptr @tracked, i64 %t)
; CHECK-NEXT: call void @__raceway_write(ptr @{{.*}}, ptr @tracked, i64 %v)
; CHECK-NEXT: store i64 %v, ptr @tracked
; CHECK-NEXT: store i64 %t, ptr @other
define void @work(ptr %p) {
  %v = load i64, ptr @other, align 8
  store i64 %v, ptr %p, align 8
  %t = load i64, ptr @tracked, align 8
  store i64 %v, ptr @tracked, align 8
  store i64 %t, ptr @other, align 8
  ret void
}
