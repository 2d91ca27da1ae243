// Expected: RACE (callbacks on threads of an uninstrumented library, no lock)
// RUN: %clang -g -O1 -fPIC -shared %S/Inputs/uninstrumented_lib.c -o %t.lib.so
// RUN: %rwcc -g -O1 %s -o %t %rwlibs %t.lib.so
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK: WARNING: Raceway: data race on events_seen
#include "Inputs/corpus.h"
RACEWAY_TRACKED(long, events_seen);
void lib_run_callbacks(void (*cb)(void), int n, int with_lock);
static void on_event(void) {
  events_seen++; // CHECK-DAG: racy_uninstrumented_callback.c:[[@LINE]]:
}
int main(void) {
  lib_run_callbacks(on_event, 2, 0);
  printf("%ld\n", events_seen);
  return DONE();
}
// CHECK: Raceway: {{[0-9]+}} data race
