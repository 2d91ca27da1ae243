// A tracklist tracks what annotations would: the same sites (names, flags,
// offsets, sizes) for globals by name (with =<name>), fields (with
// =redact) and whole structs (type:, a typedef'd anonymous struct here).
// Entries under a sanitizer's [section] do not apply.
// RUN: printf 'global:counter\nglobal:g_internal=internal\n[raceway]\nfield:Account.balance\nfield:struct Account.pin=redact\ntype:Stats\n[address]\nfun:*\nglobal:other\n' > %t.list
// RUN: %clang -g -O1 -fpass-plugin=%plugin %rwinc -DANNOTATED -S -emit-llvm %s -o %t.annotated.ll
// RUN: %clang -g -O1 -fplugin=%plugin -fpass-plugin=%plugin -mllvm -raceway-tracklist=%t.list -S -emit-llvm %s -o %t.listed.ll
// RUN: %python %S/Inputs/sites.py %t.annotated.ll > %t.annotated.sites
// RUN: %python %S/Inputs/sites.py %t.listed.ll > %t.listed.sites
// RUN: diff %t.annotated.sites %t.listed.sites
// RUN: FileCheck %s < %t.listed.sites
//
// type:struct Account: every field, the first one (whose address clang
// folds into the global's) included.
// RUN: printf 'type:struct Account\n' > %t.type.list
// RUN: %clang -g -O1 -fplugin=%plugin -fpass-plugin=%plugin -mllvm -raceway-tracklist=%t.type.list -S -emit-llvm %s -o %t.type.ll
// RUN: %python %S/Inputs/sites.py %t.type.ll | FileCheck --check-prefix=TYPE %s
//
// src: every global defined in the matching files.
// RUN: printf 'src:*tracklist.c\n' > %t.src.list
// RUN: %clang -g -O1 -fplugin=%plugin -fpass-plugin=%plugin -mllvm -raceway-tracklist=%t.src.list -S -emit-llvm %s -o %t.src.ll
// RUN: %python %S/Inputs/sites.py %t.src.ll | FileCheck --check-prefix=SRC %s
#include "Inputs/tracklist-vendor.h"

struct Account acct, accts[3];
Stats stats;
#ifdef ANNOTATED
RACEWAY_TRACKED(long, counter);
static long g_internal __attribute__((annotate("raceway:internal")));
#else
long counter;
static long g_internal;
#endif
long other;

void work(struct Account *a, int i) {
  acct.id = 1;
  acct.balance = 2;
  accts[1].id = 3;
  accts[2].balance = 4;
  accts[i].balance = 5;
  a->id = 6;
  a->hist[2] = 7;
  a->pin[1] = 'x';
  stats.hits++;
  counter++;
  other++;
  g_internal++;
  long *p = &a->balance;
  *p = 9;
}

// CHECK: access=1 variable=balance type=acct offset=8 size=8 flags=65
// CHECK: access=1 variable=balance type=accts[2] offset=8 size=8 flags=65
// CHECK: access=1 variable=balance type=Account offset=8 size=8 flags=1
// CHECK: access=1 variable=pin[1] type=Account offset=17 size=1 flags=3
// CHECK: access=0 variable=hits type=stats offset=0 size=8 flags=209
// CHECK: access=0 variable=counter type=null
// CHECK-NOT: other
// CHECK: access=0 variable=internal type=null
// CHECK: access=1 variable=balance type=Account offset=8 size=8 flags=1

// TYPE: access=1 variable=id type=acct offset=0 size=4 flags=65
// TYPE: access=1 variable=id type=accts[1] offset=0 size=4 flags=65
// TYPE: access=1 variable=id type=Account offset=0 size=4 flags=1
// TYPE: access=1 variable=hist[2] type=Account offset=40 size=8 flags=1
// TYPE: access=1 variable=pin[1] type=Account offset=17 size=1 flags=1
// TYPE-NOT: variable=counter

// SRC-NOT: variable=balance
// SRC-NOT: type=Account
// SRC: variable=counter
// SRC: variable=other
// SRC: variable=g_internal
