// Expected: no race (a job's fields written, then its index sent through a
// pipe; the worker reads the index, then the fields: the write and the
// read of the pipe order them, as ThreadSanitizer models it)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK-NOT: WARNING: Raceway
// CHECK: sum=110
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
#include <unistd.h>
struct job { RACEWAY_TRACKED(long, value); };
static struct job jobs[10];
static int fds[2];
static void *worker(void *arg) {
  long sum = 0;
  for (int i = 0; i < 10; i++) {
    int k;
    if (read(fds[0], &k, sizeof k) != sizeof k)
      break;
    sum += jobs[k].value;
    jobs[k].value = 0;
  }
  printf("sum=%ld\n", sum);
  return arg;
}
int main(void) {
  if (pipe(fds) != 0)
    return 1;
  pthread_t t = spawn(worker, 0);
  for (int k = 0; k < 10; k++) {
    jobs[k].value = 2 * (k + 1);
    if (write(fds[1], &k, sizeof k) != sizeof k)
      return 1;
  }
  pthread_join(t, 0);
  close(fds[0]);
  close(fds[1]);
  return DONE();
}
