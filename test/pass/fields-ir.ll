; Field annotation shapes the optimiser or other front-ends produce: one
; ptr.annotation call feeding several accesses (CSE at -O2), chained calls
; (several annotate attributes on one field), a non-zero address space,
; and a byte GEP with no struct type.  Intrinsics are matched by ID.
; RUN: %opt -load-pass-plugin=%plugin -passes=raceway -S %s | FileCheck %s

source_filename = "fields.c"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

%struct.Account = type { i32, i64 }

@.rw = private unnamed_addr constant [8 x i8] c"raceway\00", section "llvm.metadata"
@.rwname = private unnamed_addr constant [16 x i8] c"raceway:balance\00", section "llvm.metadata"
@.rwredact = private unnamed_addr constant [15 x i8] c"raceway:redact\00", section "llvm.metadata"
@.other = private unnamed_addr constant [6 x i8] c"other\00", section "llvm.metadata"
@.file = private unnamed_addr constant [9 x i8] c"fields.c\00", section "llvm.metadata"

; Sites in instruction order: offset 8 in every case; flags FIELD (1),
; COMPOUND (16) with its write following (128; 145 is the signed i8 -111),
; REDACT (2).  Without debug info or a name in the
; annotation the field is named from the IR type, or by offset (the
; source file the annotation names is not there to read), and every
; access is located at the annotation (fields.c:3).
; CHECK: @[[FIELD1:.+]] = private unnamed_addr constant [7 x i8] c"field1\00"
; CHECK: @[[ACCOUNT:.+]] = private unnamed_addr constant [8 x i8] c"Account\00"
; CHECK: @[[FILE:.+]] = private unnamed_addr constant [9 x i8] c"fields.c\00"
; CHECK: @__raceway_site = {{.*}} { ptr @[[FIELD1]], ptr @[[ACCOUNT]], ptr @[[FILE]], i32 3, i32 0, i32 8, i8 0, i8 1, i8 8, i8 -111, i8 0,
; CHECK: @__raceway_site{{.*}} { ptr @[[FIELD1]], ptr @[[ACCOUNT]], ptr @[[FILE]], i32 3, i32 0, i32 8, i8 1, i8 1, i8 8, i8 1, i8 0,
; CHECK: @__raceway_site{{.*}} { ptr @[[FIELD1]], ptr @[[ACCOUNT]], ptr @[[FILE]], i32 3, i32 0, i32 8, i8 1, i8 1, i8 8, i8 1, i8 0,
; CHECK: @[[BALANCE:.+]] = private unnamed_addr constant [8 x i8] c"balance\00"
; CHECK: @__raceway_site{{.*}} { ptr @[[BALANCE]], ptr @[[ACCOUNT]], ptr @[[FILE]], i32 3, i32 0, i32 8, i8 1, i8 1, i8 8, i8 3, i8 0,
; CHECK: @__raceway_site{{.*}} { ptr @[[FIELD1]], ptr @[[ACCOUNT]], ptr @[[FILE]], i32 3, i32 0, i32 8, i8 1, i8 1, i8 8, i8 1, i8 0,
; CHECK: @[[BYTE8:.+]] = private unnamed_addr constant [8 x i8] c"field@8\00"
; CHECK: @__raceway_site{{.*}} { ptr @[[BYTE8]], ptr null, ptr @[[FILE]], i32 3, i32 0, i32 8, i8 1, i8 1, i8 8, i8 1, i8 0,
; CHECK-NOT: @__raceway_site

define void @cse(ptr %a, i64 %n) {
; CHECK-LABEL: define void @cse(
; CHECK:      %old = load i64, ptr %f
; CHECK-NEXT: call void @__raceway_read(ptr @[[R:__raceway_site[.0-9]*]], ptr %f, i64 %old)
; CHECK:      call void @__raceway_write(ptr @[[W:__raceway_site[.0-9]*]], ptr %f, i64 %new)
; CHECK-NEXT: store i64 %new, ptr %f
; CHECK:      call void @__raceway_write(ptr @{{.*}}, ptr %f, i64 0)
; CHECK-NEXT: store i64 0, ptr %f
  %g = getelementptr inbounds %struct.Account, ptr %a, i32 0, i32 1
  %f = call ptr @llvm.ptr.annotation.p0.p0(ptr %g, ptr @.rw, ptr @.file, i32 3, ptr null)
  %old = load i64, ptr %f, align 8
  %new = add i64 %old, %n
  store i64 %new, ptr %f, align 8
  store i64 0, ptr %f, align 8
  ret void
}

; An unrelated annotation outside a raceway one, and a redact one inside:
; the entity merges the raceway ones (name from the first, redact from the
; second: FIELD|REDACT = 3).
define void @chained(ptr %a) {
; CHECK-LABEL: define void @chained(
; CHECK: call void @__raceway_write(ptr @[[CH:__raceway_site[.0-9]*]], ptr %f3, i64 1)
  %g = getelementptr inbounds %struct.Account, ptr %a, i32 0, i32 1
  %f1 = call ptr @llvm.ptr.annotation.p0.p0(ptr %g, ptr @.rwname, ptr @.file, i32 3, ptr null)
  %f2 = call ptr @llvm.ptr.annotation.p0.p0(ptr %f1, ptr @.rwredact, ptr @.file, i32 3, ptr null)
  %f3 = call ptr @llvm.ptr.annotation.p0.p0(ptr %f2, ptr @.other, ptr @.file, i32 3, ptr null)
  store i64 1, ptr %f3, align 8
  ret void
}

define void @addrspace(ptr addrspace(1) %a) {
; CHECK-LABEL: define void @addrspace(
; CHECK: %[[GENERIC:.+]] = addrspacecast ptr addrspace(1) %f to ptr
; CHECK-NEXT: call void @__raceway_write(ptr @{{.*}}, ptr %[[GENERIC]], i64 2)
  %g = getelementptr inbounds %struct.Account, ptr addrspace(1) %a, i32 0, i32 1
  %f = call ptr addrspace(1) @llvm.ptr.annotation.p1.p0(ptr addrspace(1) %g, ptr @.rw, ptr @.file, i32 3, ptr null)
  store i64 2, ptr addrspace(1) %f, align 8
  ret void
}

define void @bytegep(ptr %a) {
; CHECK-LABEL: define void @bytegep(
; CHECK: call void @__raceway_write(ptr @[[BG:__raceway_site[.0-9]*]], ptr %f, i64 3)
  %g = getelementptr inbounds i8, ptr %a, i64 8
  %f = call ptr @llvm.ptr.annotation.p0.p0(ptr %g, ptr @.rw, ptr @.file, i32 3, ptr null)
  store i64 3, ptr %f, align 8
  ret void
}

; Unrelated annotations alone track nothing.
define void @unrelated(ptr %a) {
; CHECK-LABEL: define void @unrelated(
; CHECK-NOT: call void @__raceway
; CHECK: ret void
  %f = call ptr @llvm.ptr.annotation.p0.p0(ptr %a, ptr @.other, ptr @.file, i32 3, ptr null)
  store i64 4, ptr %f, align 8
  ret void
}

; CHECK: declare void @__raceway_read
; CHECK: declare void @__raceway_write

declare ptr @llvm.ptr.annotation.p0.p0(ptr, ptr, ptr, i32, ptr)
declare ptr addrspace(1) @llvm.ptr.annotation.p1.p0(ptr addrspace(1), ptr, ptr, i32, ptr)
