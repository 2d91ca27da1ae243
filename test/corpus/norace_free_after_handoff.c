// Expected: no race (issue #15: free() writes the whole block, but every
// read of it is ordered before the free: by a join, and by a mutex)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
#include <stdlib.h>
struct Node { RACEWAY_TRACKED(long, value); long pad; };
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct Node *shared;
static void *reader(void *arg) {
  struct Node *n = arg;
  return (void *)n->value;
}
static void *locked_reader(void *arg) {
  pthread_mutex_lock(&mu);
  long v = shared ? shared->value : 0;
  pthread_mutex_unlock(&mu);
  step_go(1);
  return (void *)v;
}
int main(void) {
  struct Node *n = calloc(1, sizeof *n);
  pthread_t t = spawn(reader, n);
  pthread_join(t, 0);
  free(n);                    /* after the join */
  shared = calloc(1, sizeof *shared);
  t = spawn(locked_reader, 0);
  step_wait(1);
  pthread_mutex_lock(&mu);
  free(shared);               /* after the reader's unlock */
  shared = 0;
  pthread_mutex_unlock(&mu);
  pthread_join(t, 0);
  return DONE();
}
