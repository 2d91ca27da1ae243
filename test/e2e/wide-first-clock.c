// A thread per request (issue #13) whose requests see many slots: 300
// threads that all end before main joins them (so each takes a slot of
// its own), then threads started and joined one after another, while the
// flusher is held (RACEWAY_FLUSH_HOLD: nothing drains before exit, so
// rings wait and are given up past 256).  Each of the later threads' first
// event carries its whole starting clock: 300 slots, 16 bytes for each of
// them, 4.8 KiB.  That block comes from its ring's extras area (up to half
// of the area's 16 KiB), not from malloc on the new thread: there it kept
// glibc's per-thread arenas at their peak (bench/RESULTS.md, closing
// connections).  Before, blocks over a quarter of the area were malloc'd
// and charged to the extras part.  (Until 2026-12-01 the slots grew past
// 256 from the held flusher alone; now a held flusher makes no new slot.)
//
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: rm -f %t.jsonl
// RUN: env RACEWAY_OUTPUT=%t.jsonl RACEWAY_FLUSH_HOLD=1 RACEWAY_DEBUG=1 %t 2> %t.err
// RUN: %python %srcroot/test/tools/check_chains.py --exit-line %t.err %t.jsonl
// RUN: %python %S/Inputs/budget_peaks.py %t.err extras=0 | FileCheck %s
// RUN: FileCheck --check-prefix=ERR %s < %t.err
//
// CHECK: extras ok
// ERR-NOT: data race
// ERR: raceway: {{[0-9]+}} events: {{[0-9]+}} delivered
// ERR-SAME: slots: {{30[0-9]}}, rings given up: {{[1-9][0-9]*}}
#include <pthread.h>
#include <raceway/raceway.h>

#define WIDE 300
#define THREADS 400

RACEWAY_TRACKED(long, hits);
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void *request(void *arg) {
  (void)arg;
  pthread_mutex_lock(&lock);
  hits++;
  pthread_mutex_unlock(&lock);
  return 0;
}

int main(void) {
  static pthread_t wide[WIDE];
  for (int i = 0; i < WIDE; i++)
    pthread_create(&wide[i], 0, request, 0);
  for (int i = 0; i < WIDE; i++)
    pthread_join(wide[i], 0);
  for (int i = 0; i < THREADS; i++) {
    pthread_t t;
    pthread_create(&t, 0, request, 0);
    pthread_join(t, 0);
  }
  return hits == WIDE + THREADS ? 0 : 1;
}
