// Expected: no race (thread_timedjoin.c: a timed-out join, then a successful one)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK-NOT: WARNING: Raceway
// CHECK: 1 0
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#define _GNU_SOURCE
#include "Inputs/corpus.h"
#include <errno.h>
#include <time.h>
RACEWAY_TRACKED(int, var);
static void *worker(void *arg) {
  step_wait(1);   /* until main's first join timed out (no ordering) */
  var = 1;
  return 0;
}
int main(void) {
  pthread_t t = spawn(worker, 0);
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  ts.tv_nsec += 1000000;
  if (ts.tv_nsec >= 1000000000) { ts.tv_sec++; ts.tv_nsec -= 1000000000; }
  int first = pthread_timedjoin_np(t, 0, &ts);   /* times out: the worker waits */
  step_go(1);
  clock_gettime(CLOCK_REALTIME, &ts);
  ts.tv_sec += 600;                              /* a bound against hangs only */
  int second = pthread_timedjoin_np(t, 0, &ts);
  printf("%d %d\n", first == ETIMEDOUT, second);
  var = 2;
  return DONE();
}
