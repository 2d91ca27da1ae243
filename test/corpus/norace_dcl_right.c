// Expected: no race (double-checked locking with an acquire/release atomic flag)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
#include <stdatomic.h>
RACEWAY_TRACKED(int, config_value);
static atomic_int ready;
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int get(void) {
  if (!atomic_load_explicit(&ready, memory_order_acquire)) {
    pthread_mutex_lock(&m);
    if (!atomic_load_explicit(&ready, memory_order_relaxed)) {
      config_value = 5;
      atomic_store_explicit(&ready, 1, memory_order_release);
    }
    pthread_mutex_unlock(&m);
  }
  return config_value;
}
static void *user(void *arg) { return (void *)(long)get(); }
int main(void) {
  pthread_t t[4];
  for (int i = 0; i < 4; i++)
    t[i] = spawn(user, 0);
  for (int i = 0; i < 4; i++)
    pthread_join(t[i], 0);
  return DONE();
}
