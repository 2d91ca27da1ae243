// Expected: RACE (a field of a global struct that a header declares
// `extern`, written in one translation unit built with -g and read in
// another built without: one name, "stats.curr_items", from both, issue #15
// class 3).  Built as two translation units here; as one file (both parts)
// by tools/corpus-vs-tsan.sh.
// RUN: %rwcc -g -O1 -DSTATS_TU -c %s -o %t.stats.o
// RUN: %rwcc -O1 -DMAIN_TU %s %t.stats.o -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events RACEWAY_REPORT=%t.json %t > %t.out 2>&1
// RUN: FileCheck %s < %t.out
// RUN: FileCheck --check-prefix=JSON %s < %t.json
// RUN: FileCheck --check-prefix=EVENTS %s < %t.events
// CHECK: WARNING: Raceway: data race on stats.curr_items
// CHECK-NOT: field1
// CHECK-NOT: @0x
// CHECK: Raceway: 1 data race (1 occurrence) on 1 variable
// JSON: "variable":{{ ?}}"stats.curr_items"
// EVENTS-NOT: "variable":"{{[^s"]}}
// EVENTS: "variable":"stats.curr_items"
// EVENTS-NOT: "variable":"{{[^s"]}}
#include "Inputs/corpus.h"

/* What stats.h would say. */
struct Stats {
  long started;
  unsigned curr_items RACEWAY_TRACK;
  long total_items;
};
extern struct Stats stats;
void stats_add(void);

#if !defined(STATS_TU) && !defined(MAIN_TU)
#define STATS_TU
#define MAIN_TU
#endif

#ifdef STATS_TU
struct Stats stats;
void stats_add(void) { stats.curr_items++; }
#endif

#ifdef MAIN_TU
static void *worker(void *arg) {
  stats_add();
  step_go(1);
  return 0;
}
int main(void) {
  pthread_t t = spawn(worker, 0);
  step_wait(1);
  unsigned n = stats.curr_items;
  pthread_join(t, 0);
  printf("%u\n", n);
  return DONE();
}
#endif
