; An aggregate load or store is a copy too: a read (after the load) or a
; write (before the store) of each tracked member, with its value taken
; from the aggregate; a store through a pointer of unknown type is not
; recorded.  Here the struct is listed (type:), without debug info, so its
; members are named fieldN.
; RUN: printf 'type:struct P\n' > %t.list
; RUN: %opt -load-pass-plugin=%plugin -raceway-tracklist=%t.list -passes=raceway -S %s -o %t.ll
; RUN: FileCheck %s < %t.ll
; RUN: %python %S/Inputs/sites.py %t.ll | FileCheck --check-prefix=SITES %s
; SITES: access=0 variable=field0 type=g offset=0 size=4 flags=65 kind=1
; SITES-NEXT: access=0 variable=field1 type=g offset=8 size=8 flags=65 kind=1
; SITES-NEXT: access=1 variable=field0 type=g offset=0 size=4 flags=65 kind=1
; SITES-NEXT: access=1 variable=field1 type=g offset=8 size=8 flags=65 kind=1

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

%struct.P = type { i32, i64 }
@g = global %struct.P zeroinitializer, align 8

; CHECK-LABEL: define void @f(
; CHECK: %v = load %struct.P, ptr @g
; CHECK-NEXT: [[A:%.*]] = extractvalue %struct.P %v, 0
; CHECK: call void @__raceway_read(ptr @__raceway_site{{[.0-9]*}}, ptr @g, i64
; CHECK: [[B:%.*]] = extractvalue %struct.P %v, 1
; CHECK-NEXT: call void @__raceway_read(ptr @__raceway_site{{[.0-9]*}}, ptr getelementptr inbounds (i8, ptr @g, i64 8), i64 [[B]])
; CHECK-NOT: __raceway
; CHECK: store %struct.P %v, ptr %q
; CHECK: extractvalue %struct.P %w, 1
; CHECK: call void @__raceway_write(
; CHECK: store %struct.P %w, ptr @g
define void @f(ptr %q) {
  %v = load %struct.P, ptr @g, align 8
  store %struct.P %v, ptr %q, align 8
  %w = insertvalue %struct.P %v, i64 5, 1
  store %struct.P %w, ptr @g, align 8
  ret void
}
