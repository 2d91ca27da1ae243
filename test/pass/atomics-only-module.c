// A module with atomics and fences but no tracked state (a spinlock in its
// own file) is instrumented: its atomics and fences are happens-before
// hooks (sync-only sites: no TRACKED flag, 32), a thread fence is an event
// (TRACKED), and its sync calls are marked; signal fences are not.
// RUN: %clang -O0 -fpass-plugin=%plugin -S -emit-llvm -o - %s | FileCheck %s
// RUN: %clang -O2 -fpass-plugin=%plugin -S -emit-llvm -o - %s | FileCheck %s --check-prefix=O2
// -raceway-untracked-atomics=0 keeps such a module as it is.
// RUN: %clang -O0 -S -emit-llvm -o %t.plain.ll %s
// RUN: %clang -O0 -fpass-plugin=%plugin -mllvm -raceway-untracked-atomics=0 -fplugin=%plugin -S -emit-llvm -o %t.rw.ll %s
// RUN: diff %t.plain.ll %t.rw.ll

#include <pthread.h>
#include <stdatomic.h>

static atomic_int lock_word;
pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

// CHECK-DAG: c"lock_word\00"
// CHECK-LABEL: define {{.*}}void @spin_lock(
// CHECK: call void @__raceway_atomic_pre(ptr @__raceway_site{{[.0-9]*}}, ptr @lock_word)
// CHECK: cmpxchg weak ptr @lock_word
// CHECK: call void @__raceway_atomic_post(
void spin_lock(void) {
  int expected = 0;
  while (!atomic_compare_exchange_weak_explicit(&lock_word, &expected, 1,
                                                memory_order_acquire,
                                                memory_order_relaxed))
    expected = 0;
}

// CHECK-LABEL: define {{.*}}void @spin_unlock(
// CHECK: call void @__raceway_atomic_pre(
// CHECK: store atomic i32 {{.*}}, ptr @lock_word release
// CHECK: call void @__raceway_atomic_post(
// CHECK: call void @__raceway_fence(
// CHECK-NOT: call void @__raceway_fence(
// CHECK: call void @__raceway_callsite(
// CHECK: call i32 @pthread_mutex_lock(
// CHECK: ret void
void spin_unlock(void) {
  atomic_store_explicit(&lock_word, 0, memory_order_release);
  atomic_thread_fence(memory_order_seq_cst);
  atomic_signal_fence(memory_order_seq_cst);
  pthread_mutex_lock(&mu);
  pthread_mutex_unlock(&mu);
}

// O2-LABEL: define {{.*}}void @spin_unlock(
// O2: call void @__raceway_atomic_pre(
// O2: store atomic i32 0, ptr @lock_word release
// O2: call void @__raceway_fence(
