// Expected: no race (counter under a pthread spinlock)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
RACEWAY_TRACKED(long, counter);
static pthread_spinlock_t s;
static void *work(void *arg) {
  for (int i = 0; i < 500; i++) {
    pthread_spin_lock(&s);
    counter++;
    pthread_spin_unlock(&s);
  }
  return 0;
}
int main(void) {
  pthread_spin_init(&s, 0);
  pthread_t a = spawn(work, 0), b = spawn(work, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  pthread_spin_destroy(&s);
  return DONE();
}
