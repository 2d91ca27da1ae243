// Expected: no race (issue #15: pthread_rwlock_clockrdlock and
// pthread_rwlock_clockwrlock order like rdlock and wrlock)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#define _GNU_SOURCE
#include "Inputs/corpus.h"
#include <time.h>
RACEWAY_TRACKED(long, balance);
static pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
static struct timespec later(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  ts.tv_sec += 600;   /* a bound against hangs only */
  return ts;
}
static void *worker(void *arg) {
  for (int i = 0; i < 100; i++) {
    struct timespec ts = later();
    if (i % 2) {
      pthread_rwlock_clockwrlock(&lock, CLOCK_MONOTONIC, &ts);
      balance++;
    } else {
      pthread_rwlock_clockrdlock(&lock, CLOCK_MONOTONIC, &ts);
      (void)balance;
    }
    pthread_rwlock_unlock(&lock);
  }
  return 0;
}
int main(void) {
  pthread_t a = spawn(worker, 0), b = spawn(worker, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  printf("%ld\n", balance);
  return DONE();
}
