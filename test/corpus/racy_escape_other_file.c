// Expected: RACE (a tracked counter's address passed to a helper defined in
// another translation unit, which increments it unlocked from two
// threads).  The pass sees one module at a time and clones only callees
// it can see: found with checked escapes, both files built with
// -raceway-escapes=checked (the helper's access is checked at run time,
// the main file registers counter).  Built as one file
// (tools/corpus-vs-tsan.sh defines both halves) the helper is cloned.
// RUN: %rwcc -g -O1 -fplugin=%plugin -mllvm -raceway-escapes=checked -DHELPER_TU -c %s -o %t.helper.o
// RUN: %rwcc -g -O1 -fplugin=%plugin -mllvm -raceway-escapes=checked -DMAIN_TU %s %t.helper.o -o %t %rwlibs
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
