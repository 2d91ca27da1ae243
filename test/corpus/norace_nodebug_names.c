// Expected: no race (built without -g, every access under one mutex; events
// still name the state and give the annotation's file:line, issue #15
// class 5)
// RUN: %rwcc -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: FileCheck --check-prefix=EVENTS %s < %t.events
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// EVENTS-NOT: "location":"{{[^"]*}}:0"
// EVENTS-DAG: "variable":"Account@0x{{[0-9a-f]+}}.owner"{{.*}}"location":"{{[^"]*}}norace_nodebug_names.c:18"
// EVENTS-DAG: "variable":"total"{{.*}}"location":"{{[^"]*}}norace_nodebug_names.c:20"
// EVENTS-NOT: "location":"{{[^"]*}}:0"
#include "Inputs/corpus.h"
#include <stdlib.h>
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
struct Account {
  int id;
  unsigned owner RACEWAY_TRACK; /* line 18 */
};
RACEWAY_TRACKED(long, total); /* line 20 */
static struct Account *acct;
static void *worker(void *arg) {
  for (int i = 0; i < 20; i++) {
    pthread_mutex_lock(&mu);
    acct->owner++;
    total++;
    pthread_mutex_unlock(&mu);
  }
  return 0;
}
int main(void) {
  acct = calloc(1, sizeof *acct);
  pthread_t a = spawn(worker, 0), b = spawn(worker, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  free(acct);
  return DONE();
}
