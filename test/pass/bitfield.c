// Bit-fields are accessed as their storage unit: the site says BITFIELD (8)
// and the value is the whole unit.  The read half of a bit-field store is
// also COMPOUND (16) with its write following (WRITE_FOLLOWS 128; 152 is
// the signed i8 -104).  clang emits no field annotation for an annotated
// bit-field, so bit-fields are tracked through an annotated object.
// RUN: %clang -g -O0 -fpass-plugin=%plugin -S -emit-llvm -o - %s | FileCheck %s
// RUN: %clang -O0 -fpass-plugin=%plugin -S -emit-llvm -o - %s | FileCheck %s --check-prefix=NODBG

struct Flags { unsigned a : 3; unsigned b : 5; int c; };
struct Flags flags __attribute__((annotate("raceway")));

// Sites, in order: set_a's read and write, get_b's read, set_c's write.
// CHECK: @__raceway_site = {{.*}} i8 0, i8 {{[0-9]}}, i8 1, i8 -104, i8 0,
// CHECK: @__raceway_site{{.*}} i8 1, i8 {{[0-9]}}, i8 1, i8 8, i8 0,
// CHECK: @__raceway_site{{.*}} i8 0, i8 {{[0-9]}}, i8 1, i8 8, i8 0,
// CHECK: @__raceway_site{{.*}} i8 1, i8 1, i8 4, i8 0, i8 0,
// Without debug info only the store pattern shows a bit-field.
// NODBG: @__raceway_site = {{.*}} i8 0, i8 {{[0-9]}}, i8 1, i8 -104, i8 0,
// NODBG: @__raceway_site{{.*}} i8 1, i8 {{[0-9]}}, i8 1, i8 8, i8 0,
// NODBG: @__raceway_site{{.*}} i8 0, i8 {{[0-9]}}, i8 1, i8 0, i8 0,

void set_a(void) {
  // CHECK-LABEL: @set_a(
  // CHECK: %[[U:.+]] = load i8, ptr @flags
  // CHECK: call void @__raceway_read(ptr @__raceway_site, ptr @flags,
  // CHECK: %[[NEW:.+]] = or i8
  // CHECK: call void @__raceway_write(ptr @{{.*}}, ptr @flags, i64 %{{.*}})
  // CHECK-NEXT: store i8 %[[NEW]], ptr @flags
  flags.a = 3;
}

unsigned get_b(void) { return flags.b; }
void set_c(void) { flags.c = 1; }
