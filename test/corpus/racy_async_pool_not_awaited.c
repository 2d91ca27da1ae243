// Expected: RACE (output: the submitter reads a task's result after it
// completed but without raceway_async_await, so nothing orders the
// worker's write before the read; input is still ordered by spawn/begin)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q AsyncSpawn %t.events
// CHECK: WARNING: Raceway: data race on output
// CHECK-NOT: data race on input
// CHECK: Raceway: 1 data race
#include "Inputs/async_pool.h"
RACEWAY_TRACKED(int, input);
RACEWAY_TRACKED(int, output);
static void square(int unused) { output = input * input; }
int main(void) {
  pthread_t w = pool_start();
  job j = {.run = square};
  input = 3;
  pool_submit(&j);
  pool_wait(0);
  printf("%d\n", output);
  pool_stop(w);
  return DONE();
}
