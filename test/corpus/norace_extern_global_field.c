// Expected: no race (the extern global struct of racy_extern_global_field.c,
// every access under one mutex; two translation units, one without -g,
// name the field the same way, issue #15 class 3)
// RUN: %rwcc -g -O1 -DSTATS_TU -c %s -o %t.stats.o
// RUN: %rwcc -O1 -DMAIN_TU %s %t.stats.o -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: FileCheck --check-prefix=EVENTS %s < %t.events
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// EVENTS-NOT: "variable":"{{[^s"]}}
// EVENTS: "variable":"stats.curr_items"
// EVENTS-NOT: "variable":"{{[^s"]}}
#include "Inputs/corpus.h"

struct Stats {
  long started;
  unsigned curr_items RACEWAY_TRACK;
  long total_items;
};
extern struct Stats stats;
extern pthread_mutex_t stats_lock;
void stats_add(void);

#if !defined(STATS_TU) && !defined(MAIN_TU)
#define STATS_TU
#define MAIN_TU
#endif

#ifdef STATS_TU
struct Stats stats;
pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
void stats_add(void) {
  pthread_mutex_lock(&stats_lock);
  stats.curr_items++;
  pthread_mutex_unlock(&stats_lock);
}
#endif

#ifdef MAIN_TU
static void *worker(void *arg) {
  for (int i = 0; i < 50; i++)
    stats_add();
  return 0;
}
int main(void) {
  pthread_t t = spawn(worker, 0);
  for (int i = 0; i < 50; i++) {
    pthread_mutex_lock(&stats_lock);
    unsigned n = stats.curr_items;
    pthread_mutex_unlock(&stats_lock);
    (void)n;
  }
  pthread_join(t, 0);
  return DONE();
}
#endif
