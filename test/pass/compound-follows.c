// The read half of a compound access whose write half follows with nothing
// that can synchronise between gets WRITE_FOLLOWS (128) besides COMPOUND
// (16): the runtime checks that read but records only the write.  A call
// that may touch memory, an atomic or a fence between the halves keeps the
// read an ordinary COMPOUND one: the write may run in a later epoch.
// RUN: %clang -g -O1 -fpass-plugin=%plugin -S -emit-llvm %s -o %t.O1.ll
// RUN: %python %S/Inputs/sites.py %t.O1.ll | FileCheck %s
// RUN: %clang -g -O0 -fpass-plugin=%plugin -S -emit-llvm %s -o %t.O0.ll
// RUN: %python %S/Inputs/sites.py %t.O0.ll | FileCheck %s

long counter __attribute__((annotate("raceway")));
long seq;
long next(void);

// CHECK: [[#@LINE+1]]:{{[0-9]+}} access=0 variable=counter {{.*}} flags=144
void bump(void) { counter++; }
// CHECK: [[#@LINE+1]]:{{[0-9]+}} access=0 variable=counter {{.*}} flags=16
void add_call(void) { counter = counter + next(); }
// CHECK: [[#@LINE+1]]:{{[0-9]+}} access=0 variable=counter {{.*}} flags=16
void add_atomic(void) { counter = counter + __atomic_load_n(&seq, __ATOMIC_ACQUIRE); }
// CHECK: [[#@LINE+1]]:{{[0-9]+}} access=0 variable=counter {{.*}} flags=16
void add_fence(void) { counter = counter + (__atomic_thread_fence(__ATOMIC_SEQ_CST), 1); }
// An untracked store, or a call that touches no memory, cannot synchronise.
// CHECK: [[#@LINE+1]]:{{[0-9]+}} access=0 variable=counter {{.*}} flags=144
void add_store(void) { counter = counter + (seq = 5); }
// CHECK: [[#@LINE+1]]:{{[0-9]+}} access=0 variable=counter {{.*}} flags=144
void add_abs(long x) { counter = counter + __builtin_labs(x); }

