// Expected: RACE (memset of a struct through a pointer writes its tracked
// field: it races with an unordered increment of the field)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK: WARNING: Raceway: data race on stats.hits
#include <string.h>
#include "Inputs/corpus.h"
struct Stats { RACEWAY_TRACKED(long, hits); long misses; };
static struct Stats stats;
static __attribute__((noinline)) void reset(struct Stats *s) {
  memset(s, 0, sizeof *s); // CHECK-DAG: racy_memset_struct.c:[[@LINE]]:
}
static void *worker(void *arg) {
  step_wait(1);
  stats.hits++; // CHECK-DAG: racy_memset_struct.c:[[@LINE]]:
  return 0;
}
static void *resetter(void *arg) {
  reset(&stats);
  step_go(1);
  return 0;
}
int main(void) {
  raceway_name_object(&stats, "stats");
  pthread_t a = spawn(worker, 0), b = spawn(resetter, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return DONE();
}
// CHECK: Raceway: {{[0-9]+}} data race
