// Expected: RACE (built without -g: names come from the IR and the
// annotation's source line, the location from the annotation, never
// "fieldN" or "file:0", issue #15 class 5)
// RUN: %rwcc -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t > %t.out 2>&1
// RUN: FileCheck %s < %t.out
// RUN: FileCheck --check-prefix=EVENTS %s < %t.events
// With -g the name is the same.
// RUN: %rwcc -g -O1 %s -o %t.g %rwlibs
// RUN: %t.g 2>&1 | FileCheck %s --check-prefix=DBG
// CHECK: WARNING: Raceway: data race on acct.owner
// CHECK: at {{.*}}racy_nodebug_names.c:22 (
// CHECK-NOT: field1
// CHECK-NOT: :0
// CHECK: Raceway: 1 data race
// EVENTS-NOT: "location":"{{[^"]*}}:0"
// EVENTS: "variable":"acct.owner"{{.*}}"location":"{{[^"]*}}racy_nodebug_names.c:22"
// DBG: WARNING: Raceway: data race on acct.owner
#include "Inputs/corpus.h"
struct Account {
  int id;
  unsigned owner __attribute__((annotate("raceway"))); /* line 22 */
};
struct Account acct;
static void *worker(void *arg) {
  acct.owner = 7;
  step_go(1);
  return 0;
}
int main(void) {
  pthread_t t = spawn(worker, 0);
  step_wait(1);
  unsigned o = acct.owner;
  pthread_join(t, 0);
  printf("%u\n", o);
  return DONE();
}
