// Expected: no race (a pipe hand-off after a vfork child closed its copies
// of the pipe's ends: the child's close must not drop the parent's keys,
// so vfork is a fork, as in ThreadSanitizer)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: %t 2>&1 | FileCheck %s
// CHECK-NOT: WARNING: Raceway
// CHECK: value=42
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
#include <sys/wait.h>
#include <unistd.h>
RACEWAY_TRACKED(int, value);
static int fds[2];
static void *reader(void *arg) {
  char c;
  if (read(fds[0], &c, 1) != 1)
    return arg;
  printf("value=%d\n", value);
  return arg;
}
int main(void) {
  if (pipe(fds) != 0)
    return 1;
  pid_t pid = vfork();
  if (pid == 0) {            /* what a child does before exec: close the rest */
    close(fds[0]);
    close(fds[1]);
    _exit(0);
  }
  waitpid(pid, 0, 0);
  pthread_t t = spawn(reader, 0);
  value = 42;
  if (write(fds[1], "x", 1) != 1)
    return 1;
  pthread_join(t, 0);
  return DONE();
}
