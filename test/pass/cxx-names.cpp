// C++: globals are reported by their demangled name, struct names keep
// their namespace, and the member name comes from debug info (without it,
// from the annotation's source line).
// RUN: %clang -x c++ -g -O1 -fpass-plugin=%plugin -S -emit-llvm -o - %s | FileCheck %s
// RUN: %clang -x c++ -O1 -fpass-plugin=%plugin -S -emit-llvm -o - %s | FileCheck %s --check-prefix=NODBG

struct Bank {
  static long total __attribute__((annotate("raceway")));
};
long Bank::total;
namespace ns {
struct Acct {
  int id;
  int v __attribute__((annotate("raceway")));
};
} // namespace ns

// CHECK-DAG: c"Bank::total\00"
// CHECK-DAG: c"ns::Acct\00"
// CHECK-DAG: c"v\00"
// NODBG-DAG: c"Bank::total\00"
// NODBG-DAG: c"ns::Acct\00"
// NODBG-DAG: c"v\00"

void deposit(ns::Acct *a, int n) {
  // CHECK-LABEL: @_Z7depositPN2ns4AcctEi(
  // CHECK: call void @__raceway_read({{.*}}@_ZN4Bank5totalE
  // CHECK: call void @__raceway_write({{.*}}@_ZN4Bank5totalE
  // CHECK: call void @__raceway_write(
  Bank::total += n;
  a->v = n;
}
