// Expected: RACE (issue #15: fork.  The child starts from a clean detector
// state, but it still finds the race between two threads it creates)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t > %t.out 2>&1
// RUN: FileCheck %s < %t.out
// CHECK: WARNING: Raceway: data race on y
#include "Inputs/corpus.h"
#include <sys/wait.h>
#include <unistd.h>
RACEWAY_TRACKED(int, y);
static void *writer(void *arg) {
  y = 1; // CHECK-DAG: {{[Ww]}}rite of 4 bytes {{.*}}racy_fork_child.c:[[@LINE]]:
  step_go(1);
  return 0;
}
static void *reader(void *arg) {
  step_wait(1);
  return (void *)(long)y; // CHECK-DAG: {{[Rr]}}ead of 4 bytes {{.*}}racy_fork_child.c:[[@LINE]]:
}
int main(void) {
  y = 0;
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    pthread_t a = spawn(writer, 0), b = spawn(reader, 0);
    pthread_join(a, 0);
    pthread_join(b, 0);
    return 0;
  }
  int st;
  waitpid(pid, &st, 0);
  return DONE();
}
// CHECK: Raceway: 1 data race (1 occurrence) on 1 variable
// CHECK-NOT: WARNING: Raceway
