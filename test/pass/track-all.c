// Whole-file mode (-raceway-track=all): every access that may touch shared
// memory is instrumented; what provably cannot be shared is not (a local
// whose address never escapes, constant and thread-local globals), a read
// followed in its block by a write of the same address is dropped (the
// write races with whatever the read would), and annotated state is
// unchanged.  Names come from debug info.
// RUN: %clang -g -O0 -fpass-plugin=%plugin -fplugin=%plugin -mllvm -raceway-track=all -S -emit-llvm -o - %s | FileCheck %s
// RUN: %clang -g -O1 -fpass-plugin=%plugin -fplugin=%plugin -mllvm -raceway-track=all -S -emit-llvm -o - %s | FileCheck %s --check-prefix=O1
// Without it only the annotated counter is tracked.
// RUN: %clang -g -O0 -fpass-plugin=%plugin -fplugin=%plugin -mllvm -raceway-track=annotated -S -emit-llvm -o - %s | grep 'call void @__raceway_' | FileCheck %s --check-prefix=OFF
// A bad value is one clear error.
// RUN: not %clang -O0 -fpass-plugin=%plugin -fplugin=%plugin -mllvm -raceway-track=some -S -emit-llvm -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=BAD
// OFF: call void @__raceway_read({{.*}}, ptr @counter,
// OFF-NEXT: call void @__raceway_write({{.*}}, ptr @counter,
// OFF-NOT: call
// BAD: Cannot find option named 'some'

#include <stdlib.h>

int g;
int grid[4];
const int table[4] = {1, 2, 3, 4};
_Thread_local int tls;
long counter __attribute__((annotate("raceway:counter")));
struct S { int x; long y; };
void take(int *p);

// Names, one per string (a grid[] site per element).
// CHECK-DAG: c"g\00"
// CHECK-DAG: c"grid[2]\00"
// CHECK-DAG: c"shared\00"
// CHECK-DAG: c"*p\00"
// CHECK-DAG: c"p[]\00"
// CHECK-DAG: c"s.y\00"
// CHECK-DAG: c"counter\00"

int locals(void) {
  // CHECK-LABEL: define {{.*}}@locals(
  // Only `shared` escapes (take(&shared)): one write, one read of it.
  // CHECK-NOT: call void @__raceway_{{read|write}}
  // CHECK: call void @__raceway_write(ptr @{{.*}}, ptr %[[SH:[0-9]+]], i64 1)
  // CHECK-NOT: call void @__raceway_{{read|write}}
  // CHECK: call void @take(
  // CHECK-NOT: call void @__raceway_{{read|write}}
  // CHECK: call void @__raceway_read(ptr @{{.*}}, ptr %[[SH]],
  // CHECK-NOT: call void @__raceway_{{read|write}}
  // CHECK: ret i32
  int mine = 0, shared = 1;
  for (int i = 0; i < 4; i++)
    mine += i;
  take(&shared);
  return mine + shared;
}

int globals(int i) {
  // CHECK-LABEL: define {{.*}}@globals(
  // The constant table and the thread-local (read first) are never
  // instrumented.
  // CHECK-NOT: call void @__raceway_read
  // CHECK: call void @__raceway_write(ptr @{{.*}}, ptr @g, i64 %
  // CHECK: call void @__raceway_write(ptr {{.*}}, ptr getelementptr inbounds ([4 x i32], ptr @grid, i64 0, i64 2), i64 7)
  // CHECK: call void @__raceway_read(ptr {{.*}}, ptr %
  // CHECK: ret i32
  g = table[i & 3] + tls;
  grid[2] = 7;
  return grid[i];
}

void redundant(void) {
  // g++ reads then writes g in one block: only the write is kept.  With
  // a call between them, both are.
  // CHECK-LABEL: define {{.*}}@redundant(
  // CHECK-NOT: call void @__raceway_read
  // CHECK: call void @__raceway_write(ptr @{{.*}}, ptr @g,
  // CHECK-NEXT: store i32
  // CHECK: call void @__raceway_read(ptr @{{.*}}, ptr @g,
  // CHECK: call void @take(
  // CHECK: call void @__raceway_write(ptr @{{.*}}, ptr @g,
  // CHECK: ret void
  g++;
  int v = g;
  take(0);
  g = v + 1;
}

void annotated(void) {
  // Annotated state keeps its read: counter++ is a COMPOUND (16) read.
  // CHECK-LABEL: define {{.*}}@annotated(
  // CHECK: call void @__raceway_read(ptr @[[CR:__raceway_site[.0-9]*]], ptr @counter,
  // CHECK: call void @__raceway_write(ptr @{{.*}}, ptr @counter,
  counter++;
}

void heap(int *p, struct S *s, int i) {
  // Through pointers: "*p", "p[]", "s.y".
  // CHECK-LABEL: define {{.*}}@heap(
  // CHECK: call void @__raceway_write(
  // CHECK: call void @__raceway_write(
  // CHECK: call void @__raceway_write(
  // CHECK: ret void
  *p = 1;
  p[i] = 2;
  s->y = 3;
}

// At -O1 the pass still runs first: the same accesses, minus the locals'.
// O1-LABEL: define {{.*}}@locals(
// O1: call void @__raceway_write(ptr {{.*}}@{{.*}}, ptr {{.*}}%{{[0-9]+}}, i64 1)
// O1-LABEL: define {{.*}}@heap(
// O1-COUNT-3: call void @__raceway_write(
