// Expected: RACE (a tracked counter's address passed to a helper defined in
// another translation unit, which increments it unlocked from two
// threads).  NOT DETECTED when the helper is compiled separately (the lit
// build below): the pass sees one module at a time and only clones callees
// it can see (README: Pointers passed to other functions).  Built as one
// file (tools/corpus-vs-tsan.sh defines both halves) the helper is in the
// module and the race is found.  XFAIL until the cross-module registry
// exists.
// XFAIL: *
// RUN: %rwcc -g -O1 -DHELPER_TU -c %s -o %t.helper.o
// RUN: %rwcc -g -O1 -DMAIN_TU %s %t.helper.o -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// CHECK: WARNING: Raceway: data race on counter
#include "Inputs/corpus.h"

void add_to(long *p, long d);

#if !defined(HELPER_TU) && !defined(MAIN_TU)
#define HELPER_TU
#define MAIN_TU
#endif

#ifdef HELPER_TU
void add_to(long *p, long d) { *p += d; }
#endif

#ifdef MAIN_TU
RACEWAY_TRACKED(long, counter);
static void *work(void *arg) {
  for (int i = 0; i < 100; i++)
    add_to(&counter, 1);
  return 0;
}
int main(void) {
  pthread_t a = spawn(work, 0), b = spawn(work, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return DONE();
}
#endif
