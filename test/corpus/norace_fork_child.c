// Expected: no race (issue #15: fork.  A parent thread writes x, unordered
// with main, and is still running when main forks.  Only main lives on in
// the child: its accesses to x cannot race with a thread that does not
// exist there, so the child starts from a clean detector state)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// CHECK-NOT: WARNING: Raceway
// CHECK-DAG: child x 1
// CHECK-DAG: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
#include <sys/wait.h>
#include <unistd.h>
RACEWAY_TRACKED(int, x);
static void *writer(void *arg) {
  x = 1;
  step_go(1);
  step_wait(2);      /* alive until the child exited */
  return 0;
}
int main(void) {
  pthread_t t = spawn(writer, 0);
  step_wait(1);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    int v = x;       /* the writer's write is history here */
    x = 2;
    printf("child x %d\n", v);
    return 0;
  }
  int st;
  waitpid(pid, &st, 0);
  step_go(2);
  pthread_join(t, 0);
  x = 3;
  return DONE();
}
