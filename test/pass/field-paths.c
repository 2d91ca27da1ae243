// Names of tracked locations from the outermost object (issue #15): nested
// fields, array elements of fields (a site per element, picked at run time
// for a run-time index), fields of globals (FIELD|GLOBAL = 65, type_name =
// the global), elements of tracked global arrays, function-statics.
// RUN: %clang -g -O0 -fpass-plugin=%plugin %rwinc -S -emit-llvm -o - %s | FileCheck %s
// RUN: %clang -g -O0 -fpass-plugin=%plugin %rwinc -S -emit-llvm -o - %s | FileCheck %s --check-prefix=SITES
// RUN: %clang -O0 -fpass-plugin=%plugin %rwinc -S -emit-llvm -o - %s | FileCheck %s --check-prefix=NODBG
#include <raceway/raceway.h>

struct Inner { int x; RACEWAY_TRACKED(int, f); };
struct Outer { long pad; struct Inner in; struct Inner arr[4]; };
struct Ring { long head; RACEWAY_TRACKED(int, slots[8]); };
struct Outer o;
struct Account { int id; RACEWAY_TRACKED(long, balance); };
struct Account accounts[3];
RACEWAY_TRACKED(int, grid[4]);

// CHECK-DAG: c"slots[3]\00"
// CHECK-DAG: c"in.f\00"
// CHECK-DAG: c"arr[2].f\00"
// CHECK-DAG: c"accounts[1]\00"
// CHECK-DAG: c"grid[0]\00"
// CHECK-DAG: c"f4.hits\00"
// Without -g the members between object and field have no name.
// NODBG-DAG: c"field1.f\00"
// NODBG-DAG: c"slots[3]\00"

// CHECK-LABEL: define {{.*}}void @ring(
// r->slots[3]: FIELD (1), offset 8 + 3 * 4 from the object.
// CHECK: call void @__raceway_write(ptr @__raceway_site{{[.0-9]*}},
// r->slots[i]: the element's site from an 8-site table, or the field's
// name for every object when out of range.
// CHECK: %[[IN:.+]] = icmp ult i64 %{{.*}}, 8
// CHECK: %[[SAFE:.+]] = select i1 %[[IN]], i64 %{{.*}}, i64 0
// CHECK: %[[ELEM:.+]] = getelementptr inbounds [8 x {{.*}}], ptr @__raceway_sites{{[.0-9]*}}, i64 0, i64 %[[SAFE]]
// CHECK: %[[SITE:.+]] = select i1 %[[IN]], ptr %[[ELEM]], ptr @__raceway_site{{[.0-9]*}}
// CHECK: call void @__raceway_write(ptr %[[SITE]],
void ring(struct Ring *r, int i) {
  r->slots[3] = 1;
  r->slots[i] = 2;
}

// CHECK-LABEL: define {{.*}}void @nested(
// CHECK: call void @__raceway_write(ptr @__raceway_site{{[.0-9]*}},
// CHECK: call void @__raceway_write(ptr @__raceway_site{{[.0-9]*}},
// CHECK: getelementptr inbounds [4 x {{.*}}], ptr @__raceway_sites
void nested(struct Outer *p, int i) {
  o.in.f = 1;
  p->arr[2].f = 3;
  p->arr[i].f = 4;
}

// CHECK-LABEL: define {{.*}}void @globals(
// CHECK: getelementptr inbounds [3 x {{.*}}], ptr @__raceway_sites
// CHECK: getelementptr inbounds [4 x {{.*}}], ptr @__raceway_sites
void globals(int i) {
  accounts[i].balance = 5;
  grid[i] = 6;
}

int f4(void) {
  static RACEWAY_TRACKED(int, hits);
  return ++hits;
}

// The sites themselves.
// SITES-DAG: @[[SLOTS3:.+]] = private unnamed_addr constant [9 x i8] c"slots[3]\00"
// SITES-DAG: @__raceway_site{{[.0-9]*}} = {{.*}} { ptr @[[SLOTS3]], ptr @{{.*}}, ptr @{{.*}}, i32 {{[0-9]+}}, i32 {{[0-9]+}}, i32 20, i8 1, i8 1, i8 4, i8 1, i8 0,
// SITES-DAG: @[[COARSE:.+]] = private unnamed_addr constant [11 x i8] c"Ring.slots\00"
// SITES-DAG: @__raceway_site{{[.0-9]*}} = {{.*}} { ptr @[[COARSE]], ptr null, ptr @{{.*}}, i32 {{[0-9]+}}, i32 {{[0-9]+}}, i32 0, i8 1, i8 1, i8 4, i8 0, i8 0,
// o.in.f: offset 8 + 4 in o, FIELD|GLOBAL, type_name "o".
// SITES-DAG: @[[INF:.+]] = private unnamed_addr constant [5 x i8] c"in.f\00"
// SITES-DAG: @[[O:.+]] = private unnamed_addr constant [2 x i8] c"o\00"
// SITES-DAG: @__raceway_site{{[.0-9]*}} = {{.*}} { ptr @[[INF]], ptr @[[O]], ptr @{{.*}}, i32 {{[0-9]+}}, i32 {{[0-9]+}}, i32 12, i8 1, i8 1, i8 4, i8 65, i8 0,
// p->arr[2].f: offset 16 + 2 * 8 + 4 in Outer, FIELD.
// SITES-DAG: @[[ARR2:.+]] = private unnamed_addr constant [9 x i8] c"arr[2].f\00"
// SITES-DAG: @__raceway_site{{[.0-9]*}} = {{.*}} { ptr @[[ARR2]], ptr @{{.*}}, ptr @{{.*}}, i32 {{[0-9]+}}, i32 {{[0-9]+}}, i32 36, i8 1, i8 1, i8 4, i8 1, i8 0,
