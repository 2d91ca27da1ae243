// Expected: no race (manual async API: the submitter writes before
// raceway_async_spawn, the worker runs the task after raceway_async_begin,
// and the submitter reads after raceway_async_await; hand-off is by pipes,
// which give the detector no edge of their own)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// RUN: grep -q AsyncAwait %t.events
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/async_pool.h"
RACEWAY_TRACKED(int, input[4]);
RACEWAY_TRACKED(int, output[4]);
static void square(int i) { output[i] = input[i] * input[i]; }
int main(void) {
  pthread_t w = pool_start();
  job jobs[4];
  for (int round = 0; round < 2; round++) {
    for (int i = 0; i < 4; i++) {
      input[i] = i + round;
      jobs[i] = (job){.run = square, .arg = i};
      pool_submit(&jobs[i]);
    }
    int sum = 0;
    for (int i = 0; i < 4; i++)
      sum += output[pool_wait(1)->arg];
    printf("sum %d\n", sum);
  }
  pool_stop(w);
  return DONE();
}
