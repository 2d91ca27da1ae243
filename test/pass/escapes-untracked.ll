; Escapes only acts on pointers into tracked state: a module without any
; (here: calls passing pointers to functions of the module, and a thread
; started with a pointer argument) comes out byte-identical, and in a module
; with tracked state a function called only with untracked pointers is
; neither cloned nor changed (removing the hooks gives back the input).
; RUN: %opt -load-pass-plugin=%plugin -passes=raceway -S %s -o %t.rw.ll
; RUN: %opt -passes=verify -S %s -o %t.plain.ll
; RUN: diff %t.plain.ll %t.rw.ll
; RUN: sed -e 's/^; TRACKED: //' %s > %t.tracked.ll
; RUN: %opt -load-pass-plugin=%plugin -passes=raceway -S %t.tracked.ll -o %t.trw.ll
; RUN: %opt -passes=verify -S %t.tracked.ll -o %t.tplain.ll
; RUN: grep -v -e __raceway -e '^@\.raceway\.str' -e '^!raceway.instrumented' -e '^attributes #' -e '^; Function Attrs' -e '^$' %t.trw.ll > %t.rw.filtered
; RUN: grep -v -e '^$' -e '^attributes #' -e '^; Function Attrs' %t.tplain.ll > %t.plain.filtered
; RUN: diff %t.plain.filtered %t.rw.filtered
; RUN: not grep -E '@[a-z]+\.raceway\.[0-9]' %t.trw.ll

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

@plain = global i64 0, align 8
@other = global i64 0, align 8
; TRACKED: @.rw = private unnamed_addr constant [8 x i8] c"raceway\00", section "llvm.metadata"
; TRACKED: @.file = private unnamed_addr constant [2 x i8] c"m\00", section "llvm.metadata"
; TRACKED: @llvm.global.annotations = appending global [1 x { ptr, ptr, ptr, i32, ptr }] [{ ptr, ptr, ptr, i32, ptr } { ptr @other, ptr @.rw, ptr @.file, i32 1, ptr null }], section "llvm.metadata"

define void @bump(ptr %p) noinline {
  %v = load i64, ptr %p, align 8
  %n = add i64 %v, 1
  store i64 %n, ptr %p, align 8
  ret void
}

define ptr @worker(ptr %arg) {
  call void @bump(ptr %arg)
  ret ptr null
}

define void @caller(ptr %q) {
  %t = alloca i64, align 8
  call void @bump(ptr @plain)
  call void @bump(ptr %q)
  %r = call i32 @pthread_create(ptr %t, ptr null, ptr @worker, ptr @plain)
  ret void
}

declare i32 @pthread_create(ptr, ptr, ptr, ptr)
