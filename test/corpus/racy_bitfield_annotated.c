// Expected: RACE (an annotated bit-field: clang drops the annotation, so
// the pass warns instead of tracking nothing in silence; tracked through
// the annotated object, its storage unit is named by the bit-fields it
// holds, issue #15 class 6)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs 2> %t.warn
// RUN: FileCheck --check-prefix=WARN %s < %t.warn
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// WARN: racy_bitfield_annotated.c:[[#@LINE+6]]: raceway annotation on bit-field 'ready' is ignored
// CHECK: WARNING: Raceway: data race on flags.{ready,busy}
// CHECK: Raceway: {{[0-9]+}} data race
#include "Inputs/corpus.h"
struct Flags {
  int n;
  unsigned ready : 1 RACEWAY_TRACK;
  unsigned busy : 1;
};
struct Flags flags RACEWAY_TRACK;
static void *worker(void *arg) {
  flags.ready = 1;
  step_go(1);
  return 0;
}
int main(void) {
  pthread_t t = spawn(worker, 0);
  step_wait(1);
  flags.busy = 1; /* same storage unit */
  pthread_join(t, 0);
  return DONE();
}
