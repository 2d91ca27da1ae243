// Expected: no race (readers share a read lock, the writer takes the write lock)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
RACEWAY_TRACKED(long, config);
static pthread_rwlock_t l = PTHREAD_RWLOCK_INITIALIZER;
static void *reader(void *arg) {
  long sum = 0;
  for (int i = 0; i < 200; i++) {
    pthread_rwlock_rdlock(&l);
    sum += config;
    pthread_rwlock_unlock(&l);
  }
  return (void *)sum;
}
static void *writer(void *arg) {
  for (int i = 0; i < 50; i++) {
    pthread_rwlock_wrlock(&l);
    config++;
    pthread_rwlock_unlock(&l);
  }
  return 0;
}
int main(void) {
  pthread_t r1 = spawn(reader, 0), r2 = spawn(reader, 0), w = spawn(writer, 0);
  pthread_join(r1, 0);
  pthread_join(r2, 0);
  pthread_join(w, 0);
  return DONE();
}
