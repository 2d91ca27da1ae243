; Every call the pass inserts in a function with a DISubprogram has a !dbg:
; the exit call before a return has the return's location; one before a
; return without a location, or in the cleanup block added for calls that
; may unwind, has line 0 in the function's subprogram.  The verifier insists
; on it when the callee has debug info, as the runtime's hooks do under LTO
; (here __raceway_func_exit is defined with a subprogram).
; RUN: %opt -load-pass-plugin=%plugin -passes=raceway,verify -S %s | FileCheck %s

source_filename = "exit.c"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

@.str = private unnamed_addr constant [8 x i8] c"raceway\00", section "llvm.metadata"
@.file = private unnamed_addr constant [7 x i8] c"exit.c\00", section "llvm.metadata"
@llvm.global.annotations = appending global [1 x { ptr, ptr, ptr, i32, ptr }] [{ ptr, ptr, ptr, i32, ptr } { ptr @f, ptr @.str, ptr @.file, i32 3, ptr null }], section "llvm.metadata"

declare void @ext()

; CHECK-LABEL: define void @f(i32 %c)
; CHECK-SAME:  !dbg ![[SP:[0-9]+]]
; CHECK:       call void @__raceway_func_entry({{.*}}), !dbg ![[ENTRY:[0-9]+]]
; CHECK:       invoke void @ext()
; CHECK:       call void @__raceway_func_exit({{.*}}), !dbg ![[RET:[0-9]+]]
; CHECK-NEXT:  ret void, !dbg ![[RET]]
; CHECK:       call void @__raceway_func_exit({{.*}}), !dbg ![[LINE0:[0-9]+]]
; CHECK-NEXT:  ret void{{$}}
; CHECK:       raceway_cleanup:
; CHECK:       call void @__raceway_func_exit({{.*}}), !dbg ![[LINE0]]
; CHECK-NEXT:  resume
define void @f(i32 %c) !dbg !10 {
entry:
  %t = icmp eq i32 %c, 0, !dbg !13
  br i1 %t, label %a, label %b, !dbg !13
a:
  call void @ext(), !dbg !14
  ret void, !dbg !15
b:
  ret void
}

; The runtime's definition, inlinable under LTO; it is never instrumented.
; CHECK-LABEL: define void @__raceway_func_exit(ptr %site)
; CHECK-NEXT:  ret void
define void @__raceway_func_exit(ptr %site) !dbg !20 {
  ret void, !dbg !21
}

; CHECK-DAG: ![[ENTRY]] = !DILocation(line: 4, scope: ![[SP]])
; CHECK-DAG: ![[RET]] = !DILocation(line: 7, column: 1, scope: ![[SP]])
; CHECK-DAG: ![[LINE0]] = !DILocation(line: 0, scope: ![[SP]])

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!2, !3}

!0 = distinct !DICompileUnit(language: DW_LANG_C11, file: !1, producer: "clang", isOptimized: false, runtimeVersion: 0, emissionKind: FullDebug)
!1 = !DIFile(filename: "exit.c", directory: "/tmp")
!2 = !{i32 7, !"Dwarf Version", i32 5}
!3 = !{i32 2, !"Debug Info Version", i32 3}
!10 = distinct !DISubprogram(name: "f", scope: !1, file: !1, line: 3, type: !11, scopeLine: 4, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition, unit: !0)
!11 = !DISubroutineType(types: !12)
!12 = !{null}
!13 = !DILocation(line: 5, column: 7, scope: !10)
!14 = !DILocation(line: 6, column: 5, scope: !10)
!15 = !DILocation(line: 7, column: 1, scope: !10)
!20 = distinct !DISubprogram(name: "__raceway_func_exit", scope: !1, file: !1, line: 1, type: !11, scopeLine: 1, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition, unit: !0)
!21 = !DILocation(line: 1, column: 1, scope: !20)
