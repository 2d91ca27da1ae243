// Annotated struct fields: variable = field name, type_name = struct name,
// field_offset from the DataLayout, flag FIELD (1).  Names come from the
// annotation, else debug info, else the IR struct type.
// RUN: %clang -g -O0 -fpass-plugin=%plugin -S -emit-llvm -o - %s | FileCheck %s --check-prefixes=CHECK,DBG
// RUN: %clang -O0 -fpass-plugin=%plugin -S -emit-llvm -o - %s | FileCheck %s --check-prefixes=CHECK,NODBG
// RUN: %clang -O2 -fpass-plugin=%plugin -S -emit-llvm -o - %s | FileCheck %s --check-prefixes=CHECK,NODBG

struct Account {
  int id;
  long balance __attribute__((annotate("raceway:balance")));
  unsigned owner __attribute__((annotate("raceway")));
  char note[8];
};

// CHECK-DAG: @[[BALANCE:.+]] = private unnamed_addr constant [8 x i8] c"balance\00"
// CHECK-DAG: @[[ACCOUNT:.+]] = private unnamed_addr constant [8 x i8] c"Account\00"
// DBG-DAG:   @[[OWNER:.+]] = private unnamed_addr constant [6 x i8] c"owner\00"
// Without -g the name of a plain "raceway" field comes from the
// annotation's source line, and the location is that line.
// NODBG-DAG: @[[OWNER:.+]] = private unnamed_addr constant [6 x i8] c"owner\00"
// balance: offset 8, FIELD, SINT; owner: offset 16, FIELD, UINT with -g.
// CHECK-DAG: @[[BAL_W:__raceway_site[.0-9]*]] = {{.*}} { ptr @[[BALANCE]], ptr @[[ACCOUNT]], ptr @{{.*}}, i32 {{[0-9]+}}, i32 {{[0-9]+}}, i32 8, i8 1, i8 1, i8 8, i8 1, i8 0,
// DBG-DAG:   @[[OWN_R:__raceway_site[.0-9]*]] = {{.*}} { ptr @[[OWNER]], ptr @[[ACCOUNT]], ptr @{{.*}}, i32 {{[0-9]+}}, i32 {{[0-9]+}}, i32 16, i8 0, i8 2, i8 4, i8 1, i8 0,
// NODBG-DAG: @[[OWN_R:__raceway_site[.0-9]*]] = {{.*}} { ptr @[[OWNER]], ptr @[[ACCOUNT]], ptr @{{.*}}, i32 11, i32 0, i32 16, i8 0, i8 1, i8 4, i8 1, i8 0,

void deposit(struct Account *a, long n) {
  // CHECK-LABEL: @deposit(
  // CHECK: call void @__raceway_write(ptr {{.*}}@[[BAL_W]], ptr {{.*}}, i64 %
  a->balance = n;
}

unsigned owner_of(struct Account *a) {
  // CHECK-LABEL: @owner_of(
  // CHECK: %[[O:.+]] = load i32, ptr
  // CHECK: %[[Z:.+]] = zext i32 %[[O]] to i64
  // CHECK: call void @__raceway_read(ptr {{.*}}@[[OWN_R]], ptr {{.*}}, i64 %[[Z]])
  return a->owner;
}

int id_of(struct Account *a) {
  // Unannotated fields of the same struct are not tracked.
  // CHECK-LABEL: @id_of(
  // CHECK-NOT: call void @__raceway
  // CHECK: ret i32
  return a->id;
}
