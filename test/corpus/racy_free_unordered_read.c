// Expected: RACE (issue #15: free() writes the whole block; a read by
// another thread that nothing orders before the free races with it)
// Under ASan the program's free is ASan's, not the runtime's interceptor:
// UNSUPPORTED: sanitize
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// CHECK: WARNING: Raceway: data race on {{.*}}value
// CHECK-DAG: Free of {{[0-9]+}} bytes by thread
// CHECK-DAG: {{[Rr]}}ead of 8 bytes {{.*}}racy_free_unordered_read.c:[[@LINE+8]]:
#include "Inputs/corpus.h"
#include <stdlib.h>
struct Node { long pad; RACEWAY_TRACKED(long, value); };
static struct Node *node;
static void *reader(void *arg) {
  struct Node *n = arg;
  raceway_name_object(n, "node");
  long v = n->value;
  step_go(1);
  return (void *)v;
}
int main(void) {
  node = calloc(1, sizeof *node);
  pthread_t t = spawn(reader, node);
  step_wait(1);
  free(node);     /* no join, no lock: unordered with the read */
  pthread_join(t, 0);
  return DONE();
}
// CHECK: Raceway: 1 data race (1 occurrence) on 1 variable
