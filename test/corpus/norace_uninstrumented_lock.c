// Expected: no race (callbacks under a mutex the uninstrumented library takes)
// RUN: %clang -g -O1 -fPIC -shared %S/Inputs/uninstrumented_lib.c -o %t.lib.so
// RUN: %rwcc -g -O1 %s -o %t %rwlibs %t.lib.so
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
RACEWAY_TRACKED(long, events_seen);
void lib_run_callbacks(void (*cb)(void), int n, int with_lock);
static void on_event(void) { events_seen++; }
int main(void) {
  lib_run_callbacks(on_event, 3, 1);
  printf("%ld\n", events_seen);
  return DONE();
}
