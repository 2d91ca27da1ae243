// In a module with tracked state, calls to synchronisation functions get
// __raceway_callsite(site) just before them: access CALL (6), variable =
// callee, the call's location.  Other calls are left alone, and a module
// without tracked state is not touched at all (callsites-untracked.c).
// RUN: %clang -g -O0 -fpass-plugin=%plugin -S -emit-llvm -o - %s | FileCheck %s
// RUN: %clang -g -O0 -fpass-plugin=%plugin -mllvm -raceway-callsites=0 -fplugin=%plugin -S -emit-llvm -o - %s | FileCheck %s --check-prefix=OFF

#include <pthread.h>
#include <semaphore.h>
#include <threads.h>

long shared __attribute__((annotate("raceway")));
pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
sem_t sem;
mtx_t m11;
void helper(void);

// CHECK: @[[FILE:\.raceway\.str[.0-9]*]] = private unnamed_addr constant {{.*}}callsites.c\00"
// CHECK: @[[LOCK:.+]] = private unnamed_addr constant [19 x i8] c"pthread_mutex_lock\00"
// CHECK: @[[LOCK_SITE:__raceway_site[.0-9]*]] = {{.*}} { ptr @[[LOCK]], ptr null, ptr @[[FILE]], i32 [[#@LINE+15]], i32 3, i32 0, i8 6, i8 0, i8 0, i8 0, i8 0,
// CHECK: c"pthread_mutex_unlock\00"
// CHECK: c"sem_post\00"
// CHECK: c"mtx_lock\00"
// CHECK-NOT: c"helper\00"

void work(void) {
  // CHECK-LABEL: @work(
  // CHECK: call void @__raceway_callsite(ptr @[[LOCK_SITE]])
  // CHECK-NEXT: call i32 @pthread_mutex_lock(ptr {{.*}}@mu)
  // CHECK: call void @__raceway_callsite(
  // CHECK-NEXT: call i32 @pthread_mutex_unlock(
  // OFF-LABEL: @work(
  // OFF-NOT: call void @__raceway_callsite
  // OFF: ret void
  pthread_mutex_lock(&mu); // line checked by LOCK_SITE
  shared++;
  pthread_mutex_unlock(&mu);
  // CHECK: call void @__raceway_callsite(
  // CHECK-NEXT: call i32 @sem_post(
  sem_post(&sem);
  // CHECK: call void @__raceway_callsite(
  // CHECK-NEXT: call i32 @mtx_lock(
  mtx_lock(&m11);
  // CHECK-NOT: call void @__raceway_callsite
  // CHECK: call void @helper()
  helper();
}
