// Copies: a struct assignment, memcpy, memmove or memset whose range holds
// tracked state records a write of each tracked location of the
// destination (before it) and a read of each of the source (after it),
// named as direct accesses are; untracked members are not recorded.
// RUN: %clang -g -O1 -fpass-plugin=%plugin %rwinc -S -emit-llvm %s -o %t.ll
// RUN: %python %S/Inputs/sites.py %t.ll | FileCheck %s
// RUN: FileCheck --check-prefix=IR %s < %t.ll
// The same with the fields listed instead of annotated.
// RUN: printf 'field:Account.balance\nfield:Account.pin=redact\nglobal:gacct\n' > %t.list
// RUN: %clang -g -O1 -fplugin=%plugin -fpass-plugin=%plugin -mllvm -raceway-tracklist=%t.list -DLISTED %rwinc -S -emit-llvm %s -o %t.listed.ll
// RUN: %python %S/Inputs/sites.py %t.ll > %t.sites
// RUN: %python %S/Inputs/sites.py %t.listed.ll > %t.listed.sites
// RUN: diff %t.sites %t.listed.sites
// Without -g a copy through a pointer has no type: not recorded (a copy
// into a global still is).
// RUN: %clang -O1 -fpass-plugin=%plugin %rwinc -S -emit-llvm %s -o %t.nodebug.ll
// RUN: %python %S/Inputs/sites.py %t.nodebug.ll > %t.nodebug.sites
// RUN: FileCheck --check-prefix=NODEBUG %s < %t.nodebug.sites
// RUN: FileCheck --check-prefix=NODEBUG-PTR %s < %t.nodebug.sites
#include <string.h>
#include <raceway/raceway.h>
#ifdef LISTED
struct Account { int id; long balance; char pin[4]; long hist[2]; };
struct Account gacct;
#else
struct Account { int id; RACEWAY_TRACKED(long, balance); RACEWAY_REDACTED(char, pin[4]); long hist[2]; };
RACEWAY_TRACKED(struct Account, gacct);
#endif
struct Outer { int x; struct Account acc; };
struct Account acct, accts[3];

void touch(struct Account *a) { a->balance = 1; a->pin[0] = 1; }

void assign(struct Account *d, struct Account *s) {
  *d = *s;
}
// CHECK-DAG: [[#@LINE-2]]:{{.*}} access=0 variable=balance type=Account offset=8 size=8 flags=1 kind=1
// CHECK-DAG: [[#@LINE-3]]:{{.*}} access=0 variable=pin[3] type=Account offset=19 size=1 flags=3 kind=1
// CHECK-DAG: [[#@LINE-4]]:{{.*}} access=1 variable=balance type=Account offset=8 size=8 flags=1 kind=1
// CHECK-DAG: [[#@LINE-5]]:{{.*}} access=1 variable=pin[0] type=Account offset=16 size=1 flags=3 kind=1
// NODEBUG-PTR-NOT: access=0 variable=balance type=Account

void toglobal(struct Account *s) {
  acct = *s;
}
// CHECK-DAG: [[#@LINE-2]]:{{.*}} access=1 variable=balance type=acct offset=8 size=8 flags=65 kind=1
// NODEBUG: access=1 variable=balance type=acct offset=8 size=8 flags=65 kind=1

void elem(int i, struct Account *s) {
  accts[i] = *s;
}
// CHECK-DAG: [[#@LINE-2]]:{{.*}} access=1 variable=balance type=accts[2] offset=8 size=8 flags=65 kind=1

void zero(void) {
  memset(&acct, 0, sizeof acct);
}
// CHECK-DAG: [[#@LINE-2]]:{{.*}} access=1 variable=balance type=acct offset=8 size=8 flags=65 kind=1
// IR-LABEL: define {{.*}}@zero(
// IR: call void @__raceway_write(ptr {{.*}}, ptr {{.*}}@acct{{.*}}, i64 0)

void zerog(void) {
  memset(&gacct, 0x11, sizeof gacct);
}
// A tracked global: every member of it.
// CHECK-DAG: [[#@LINE-3]]:{{.*}} access=1 variable=gacct.id type=null offset=0 size=4 flags=0 kind=1
// CHECK-DAG: [[#@LINE-4]]:{{.*}} access=1 variable=gacct.hist[1] type=null offset=0 size=8 flags=0 kind=1
// IR-LABEL: define {{.*}}@zerog(
// IR: call void @__raceway_write(ptr {{.*}}, ptr {{.*}}@gacct{{.*}}, i64 286331153)

void outer(struct Outer *o, struct Account *s) {
  o->acc = *s;
}
// CHECK-DAG: [[#@LINE-2]]:{{.*}} access=1 variable=acc.balance type=Outer offset=16 size=8 flags=1 kind=1

struct Account ret(struct Account *s) {
  return *s;
}
// CHECK-DAG: [[#@LINE-2]]:{{.*}} access=0 variable=balance type=Account offset=8 size=8 flags=1 kind=1

void pin(struct Account *a) {
  memmove(a->pin + 1, a->pin, 2);
}
// CHECK-DAG: [[#@LINE-2]]:{{.*}} access=0 variable=pin[0] type=Account offset=16 size=1 flags=3 kind=1
// CHECK-DAG: [[#@LINE-3]]:{{.*}} access=0 variable=pin[1] type=Account offset=17 size=1 flags=3 kind=1
// CHECK-DAG: [[#@LINE-4]]:{{.*}} access=1 variable=pin[2] type=Account offset=18 size=1 flags=3 kind=1
// CHECK-NOT: variable=id type=Account
// CHECK-NOT: variable=hist
