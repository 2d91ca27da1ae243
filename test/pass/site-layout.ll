; The site record and hook declarations the pass emits must match
; include/raceway/abi.h exactly (site-layout-abi.c pins the C side).
; RUN: %opt -load-pass-plugin=%plugin -passes=raceway -S %s | FileCheck %s

source_filename = "site.c"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

@counter = global i32 0, align 4
@.str = private unnamed_addr constant [8 x i8] c"raceway\00", section "llvm.metadata"
@.file = private unnamed_addr constant [7 x i8] c"file.c\00", section "llvm.metadata"
@llvm.global.annotations = appending global [1 x { ptr, ptr, ptr, i32, ptr }] [{ ptr, ptr, ptr, i32, ptr } { ptr @counter, ptr @.str, ptr @.file, i32 1, ptr null }], section "llvm.metadata"

; variable, type_name, file, line, column, field_offset, access, value_kind,
; size, flags, order, reserved[3]; 8-byte aligned, 48 bytes.
; CHECK: @[[NAME:.+]] = private unnamed_addr constant [8 x i8] c"counter\00", align 1
; Without debug info the location is the annotation's (file.c:1).
; CHECK: @[[FILE:.+]] = private unnamed_addr constant [7 x i8] c"file.c\00", align 1
; CHECK: @[[SITE:__raceway_site[.0-9]*]] = private constant { ptr, ptr, ptr, i32, i32, i32, i8, i8, i8, i8, i8, [3 x i8] } { ptr @[[NAME]], ptr null, ptr @[[FILE]], i32 1, i32 0, i32 0, i8 1, i8 1, i8 4, i8 0, i8 0, [3 x i8] zeroinitializer }, align 8

define void @set() {
; CHECK-LABEL: define void @set()
; CHECK-NEXT: call void @__raceway_write(ptr @[[SITE]], ptr @counter, i64 7)
; CHECK-NEXT: store i32 7, ptr @counter
  store i32 7, ptr @counter, align 4
  ret void
}

; Only the hooks used are declared; they never unwind and touch only their
; arguments (read) and runtime state.  LLVM 15 has no memory(...) attribute:
; the closest is inaccessiblemem_or_argmemonly.
; CHECK-NOT: declare void @__raceway_read
; CHECK: declare void @__raceway_write(ptr, ptr, i64) #[[ATTR:[0-9]+]]
; CHECK-NOT: declare void @__raceway_
; CHECK: attributes #[[ATTR]] = { {{inaccessiblemem_or_argmemonly nounwind|nounwind memory\(argmem: read, inaccessiblemem: readwrite\)}} }
