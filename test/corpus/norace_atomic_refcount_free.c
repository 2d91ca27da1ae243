// Expected: no race (a reference count: each owner drops its reference
// with an acq_rel fetch_sub, the last one frees.  The first drop's release
// orders its own access to the count before the last owner's free; the
// runtime once recorded an atomic's access after the tick its release
// starts, so every such free raced with the other thread's decrement)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
#include <stdlib.h>
struct Obj { RACEWAY_TRACKED(int, ref); long payload; };
static void put(struct Obj *o) {
  if (__atomic_fetch_sub(&o->ref, 1, __ATOMIC_ACQ_REL) == 1)
    free(o);
}
static void *owner(void *arg) {
  put(arg);
  return 0;
}
int main(void) {
  pthread_t t[4];
  for (int round = 0; round < 50; round++) {
    struct Obj *o = malloc(sizeof *o);
    o->ref = 5;
    o->payload = round;
    for (int i = 0; i < 4; i++)
      t[i] = spawn(owner, o);
    put(o);
    for (int i = 0; i < 4; i++)
      pthread_join(t[i], 0);
  }
  return DONE();
}
