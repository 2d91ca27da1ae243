// No tracked state, no atomic or fence, no selected function: the pass
// changes nothing, so the module is the same with and without the plugin
// (atomics-only-module.c: a module with atomics is instrumented).
// RUN: %clang -O0 -S -emit-llvm -o %t.plain.ll %s
// RUN: %clang -O0 -fpass-plugin=%plugin -S -emit-llvm -o %t.rw.ll %s
// RUN: diff %t.plain.ll %t.rw.ll
// RUN: %clang -O2 -S -emit-llvm -o %t.plain2.ll %s
// RUN: %clang -O2 -fpass-plugin=%plugin -S -emit-llvm -o %t.rw2.ll %s
// RUN: diff %t.plain2.ll %t.rw2.ll
// RUN: FileCheck %s < %t.rw2.ll
// CHECK-NOT: __raceway

#include <pthread.h>
#include <stdatomic.h>
pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
long total __attribute__((annotate("not-raceway")));

void work(void) {
  pthread_mutex_lock(&mu);
  total++;
  atomic_signal_fence(memory_order_seq_cst); /* orders no other thread */
  pthread_mutex_unlock(&mu);
}
