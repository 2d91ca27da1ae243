// Expected: no race (a recursive mutex taken four deep)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
RACEWAY_TRACKED(long, counter);
static pthread_mutex_t m;
static void bump(int depth) {
  pthread_mutex_lock(&m);
  counter++;
  if (depth > 0)
    bump(depth - 1);
  pthread_mutex_unlock(&m);
}
static void *work(void *arg) {
  for (int i = 0; i < 100; i++)
    bump(3);
  return 0;
}
int main(void) {
  pthread_mutexattr_t a;
  pthread_mutexattr_init(&a);
  pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&m, &a);
  pthread_t x = spawn(work, 0), y = spawn(work, 0);
  pthread_join(x, 0);
  pthread_join(y, 0);
  pthread_mutex_destroy(&m);
  return DONE();
}
