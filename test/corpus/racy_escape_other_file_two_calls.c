// Expected: RACE (a field of a tracked global struct reached two calls
// down in another translation unit: bump -> apply, both in the helper
// file, unlocked from two threads).  Checked escapes: the main file
// registers stats.hits and stats.misses as ranges of their own, so the
// access is named as a direct one would be.
// RUN: %rwcc -g -O1 -fplugin=%plugin -mllvm -raceway-escapes=checked -DHELPER_TU -c %s -o %t.helper.o
// RUN: %rwcc -g -O1 -fplugin=%plugin -mllvm -raceway-escapes=checked -DMAIN_TU %s %t.helper.o -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q '"variable":"stats.hits"' %t.events
// CHECK: WARNING: Raceway: data race on stats.hits
#include "Inputs/corpus.h"

void bump(long *p);

#if !defined(HELPER_TU) && !defined(MAIN_TU)
#define HELPER_TU
#define MAIN_TU
#endif

#ifdef HELPER_TU
__attribute__((noinline)) static void apply(long *p, long d) { *p = *p + d; }
void bump(long *p) { apply(p, 1); }
#endif

#ifdef MAIN_TU
struct Stats { long misses; long hits; };
RACEWAY_TRACKED(struct Stats, stats);
static void *work(void *arg) {
  for (int i = 0; i < 100; i++)
    bump(&stats.hits);
  return 0;
}
int main(void) {
  pthread_t a = spawn(work, 0), b = spawn(work, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return DONE();
}
#endif
