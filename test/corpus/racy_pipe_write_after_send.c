// Expected: race on `value` (written AFTER the pipe write that wakes the
// reader: the write to the pipe orders only what came before it)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: %t 2>&1 | FileCheck %s
// CHECK: WARNING: Raceway: data race on value
// CHECK: DONE
#include "Inputs/corpus.h"
#include <unistd.h>
RACEWAY_TRACKED(int, value);
static int fds[2];
static void *reader(void *arg) {
  char c;
  if (read(fds[0], &c, 1) != 1)
    return arg;
  step_wait(1);
  printf("value=%d\n", value);
  return arg;
}
int main(void) {
  if (pipe(fds) != 0)
    return 1;
  pthread_t t = spawn(reader, 0);
  if (write(fds[1], "x", 1) != 1)
    return 1;
  value = 5;
  step_go(1);
  pthread_join(t, 0);
  return DONE();
}
