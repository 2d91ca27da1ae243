// A tracked pointer passed to a function this file only declares leaves
// what the pass can see: a missed remark says so (not for the runtime's
// API or for the synchronisation functions, which take locks and threads),
// and the call is left as it was.
// RUN: %clang -g -O1 -fpass-plugin=%plugin %rwinc -S -emit-llvm -o %t.ll %s -Rpass-missed=raceway 2> %t.remarks
// RUN: FileCheck %s < %t.remarks
// RUN: FileCheck %s --check-prefix=IR < %t.ll
#include <pthread.h>
#include <raceway/raceway.h>
RACEWAY_TRACKED(long, counter);
struct Account { int id; RACEWAY_TRACKED(long, balance); };
void add_to(long *p, long d);
struct Big { long v[8]; };
struct Big snapshot(int flags, long *p);
long *first(long *p);
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

void f(struct Account *a, long *plain) {
  pthread_mutex_lock(&mu);
  // CHECK: escapes-outside.c:[[@LINE+2]]:3: remark: argument 1 points into counter and add_to is not defined in this file: its accesses through it are not tracked
  // IR: call void @add_to(ptr {{.*}}@counter, i64 {{.*}}1)
  add_to(&counter, 1);
  // CHECK: escapes-outside.c:[[@LINE+1]]:3: remark: argument 1 points into Account.balance and add_to
  add_to(&a->balance, 2);
  add_to(plain, 3);
  // Positions count from 1 as in the source, also past a struct-return
  // pointer (the hidden first IR argument of snapshot):
  // CHECK: escapes-outside.c:[[@LINE+1]]:{{[0-9]+}}: remark: argument 2 points into counter and snapshot
  struct Big b = snapshot(0, &counter);
  // CHECK: escapes-outside.c:[[@LINE+1]]:3: remark: argument 1 points into counter and first
  first(&counter)[0] += b.v[0];
  raceway_name_object(a, "a");
  pthread_mutex_unlock(&mu);
}
// CHECK-NOT: remark
