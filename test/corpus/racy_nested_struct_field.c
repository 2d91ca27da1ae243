// Expected: RACE (fields of nested structs and of an array of structs,
// named from the outermost object, issue #15 class 2)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t > %t.out 2>&1
// RUN: FileCheck %s < %t.out
// RUN: FileCheck --check-prefix=EVENTS %s < %t.events
// CHECK-DAG: WARNING: Raceway: data race on o.in.f
// CHECK-DAG: WARNING: Raceway: data race on obj.arr[2].f
// CHECK-NOT: Inner@
// CHECK-NOT: field@
// CHECK: Raceway: 2 data races (2 occurrences) on 2 variables
// EVENTS-NOT: "variable":"o.in"
// EVENTS: "variable":"o.in.f"
#include "Inputs/corpus.h"
#include <stdlib.h>
struct Inner { int x; RACEWAY_TRACKED(int, f); };
struct Outer { long pad; struct Inner in; struct Inner arr[4]; };
static struct Outer o;
static struct Outer *obj;
static int two = 2;
static void *writer(void *arg) {
  o.in.f = 1;
  int i = *(volatile int *)&two;
  obj->arr[i].f = 7;
  step_go(1);
  return 0;
}
int main(void) {
  obj = calloc(1, sizeof *obj);
  raceway_name_object(obj, "obj");
  pthread_t t = spawn(writer, 0);
  step_wait(1);
  int a = o.in.f;
  int b = obj->arr[2].f;
  pthread_join(t, 0);
  printf("%d %d\n", a, b);
  free(obj);
  return DONE();
}
