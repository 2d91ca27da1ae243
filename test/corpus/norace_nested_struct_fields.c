// Expected: no race (nested fields and array-of-struct fields under one
// mutex; neighbouring elements written without it, issue #15 class 2)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: FileCheck --check-prefix=EVENTS %s < %t.events
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// EVENTS-DAG: "variable":"o.in.f"
// EVENTS-DAG: "variable":"o.arr[1].f"
// EVENTS-DAG: "variable":"o.arr[3].f"
#include "Inputs/corpus.h"
struct Inner { int x; RACEWAY_TRACKED(int, f); };
struct Outer { long pad; struct Inner in; struct Inner arr[4]; };
static struct Outer o;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static void *worker(void *arg) {
  int mine = (int)(long)arg; /* 1 or 3: each thread its own element */
  for (int n = 0; n < 50; n++) {
    pthread_mutex_lock(&mu);
    o.in.f++;
    pthread_mutex_unlock(&mu);
    o.arr[mine].f += n;
  }
  return 0;
}
int main(void) {
  pthread_t a = spawn(worker, (void *)1L), b = spawn(worker, (void *)3L);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return DONE();
}
