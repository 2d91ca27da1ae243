// Expected: RACE (one element of an array field, indexed at run time on one
// side and by a constant on the other, issue #15 class 1)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events RACEWAY_REPORT=%t.json %t > %t.out 2>&1
// RUN: FileCheck %s < %t.out
// RUN: FileCheck --check-prefix=JSON %s < %t.json
// RUN: FileCheck --check-prefix=EVENTS %s < %t.events
// The object's base is found from every element, so one array is one
// object, and the report names the element.
// CHECK: WARNING: Raceway: data race on ring.slots[3]
// JSON: "variable":{{ ?}}"ring.slots[3]"
// EVENTS-NOT: Ring@
// EVENTS: "variable":"ring.slots[3]"
#include "Inputs/corpus.h"
#include <stdlib.h>
struct Ring { long head; RACEWAY_TRACKED(int, slots[8]); };
static struct Ring *ring;
static int which = 3;
static void *producer(void *arg) {
  int i = *(volatile int *)&which;
  ring->slots[i] = 42; // CHECK-DAG: racy_array_field_element.c:[[@LINE]]:
  step_go(1);
  return 0;
}
int main(void) {
  ring = calloc(1, sizeof *ring);
  raceway_name_object(ring, "ring");
  pthread_t t = spawn(producer, 0);
  step_wait(1);
  int v = ring->slots[3]; // CHECK-DAG: racy_array_field_element.c:[[@LINE]]:
  ring->slots[4] = v;     /* another element: no race */
  pthread_join(t, 0);
  printf("%d\n", v);
  /* Not freed: events are spelled when they are sent, and freeing an
   * object drops its name. */
  return DONE();
}
// CHECK-NOT: Ring@
// CHECK: Raceway: 1 data race (1 occurrence) on 1 variable
