; A module with no tracked state, no atomic or fence and no selected
; function comes out of the pass exactly as it went in, pthread calls and
; unrelated annotations included (atomics-only-module.ll: with atomics it
; is instrumented).
; RUN: %opt -load-pass-plugin=%plugin -passes=raceway -S %s -o %t.rw.ll
; RUN: %opt -passes=verify -S %s -o %t.plain.ll
; RUN: diff %t.plain.ll %t.rw.ll

source_filename = "untracked.c"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

@counter = global i64 0, align 8
@mu = global [40 x i8] zeroinitializer, align 8
@.other = private unnamed_addr constant [6 x i8] c"other\00", section "llvm.metadata"
@.file = private unnamed_addr constant [12 x i8] c"untracked.c\00", section "llvm.metadata"
@llvm.global.annotations = appending global [1 x { ptr, ptr, ptr, i32, ptr }] [{ ptr, ptr, ptr, i32, ptr } { ptr @counter, ptr @.other, ptr @.file, i32 1, ptr null }], section "llvm.metadata"

define void @work(ptr %p) {
  %l = call i32 @pthread_mutex_lock(ptr @mu)
  %v = load i64, ptr @counter, align 8
  %n = add i64 %v, 1
  store i64 %n, ptr @counter, align 8
  %f = call ptr @llvm.ptr.annotation.p0.p0(ptr %p, ptr @.other, ptr @.file, i32 2, ptr null)
  store i32 1, ptr %f, align 4
  %s = load atomic i32, ptr %p syncscope("singlethread") acquire, align 4
  fence syncscope("singlethread") seq_cst
  %u = call i32 @pthread_mutex_unlock(ptr @mu)
  ret void
}

declare i32 @pthread_mutex_lock(ptr)
declare i32 @pthread_mutex_unlock(ptr)
declare ptr @llvm.ptr.annotation.p0.p0(ptr, ptr, ptr, i32, ptr)
