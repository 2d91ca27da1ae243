// Expected: no race (bit-fields of an annotated object written under one
// mutex; the annotated bit-field itself gets a compiler warning, issue #15
// class 6)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs 2> %t.warn
// RUN: FileCheck --check-prefix=WARN %s < %t.warn
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: FileCheck --check-prefix=EVENTS %s < %t.events
// WARN: warning: {{.*}}norace_bitfield_annotated.c:[[#@LINE+8]]: raceway annotation on bit-field 'ready' is ignored
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// EVENTS: "variable":"flags.{ready,busy}"
#include "Inputs/corpus.h"
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
struct Flags {
  int n;
  unsigned ready : 1 RACEWAY_TRACK;
  unsigned busy : 1;
};
struct Flags flags RACEWAY_TRACK;
static void *worker(void *arg) {
  for (int i = 0; i < 50; i++) {
    pthread_mutex_lock(&mu);
    flags.ready = !flags.ready;
    pthread_mutex_unlock(&mu);
  }
  return 0;
}
int main(void) {
  pthread_t t = spawn(worker, 0);
  for (int i = 0; i < 50; i++) {
    pthread_mutex_lock(&mu);
    flags.busy = !flags.busy;
    pthread_mutex_unlock(&mu);
  }
  pthread_join(t, 0);
  return DONE();
}
