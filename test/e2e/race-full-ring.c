// A race found while the finding thread's ring is full (the application
// outruns the background thread: every lock event of a busy program can
// keep it so) still goes out: its race_detected event and the access it
// names are critical records, which the last records of a ring are kept
// for (capture/ring.h).  A side whose record was dropped at its own full
// ring keeps its seq, so the race names an id no event has, not the event
// its thread records next (here an AsyncSpawn, which a full ring still
// takes: synchronisation records have a reserve).  The runtime before
// this sent no race_detected event when main's ring was full, and named
// the AsyncSpawn when it was not.  Deterministic: the flusher drains
// nothing before exit (RACEWAY_FLUSH_HOLD=1), rings of 64 records where
// it matters, threads ordered by an untracked flag.
//
// RUN: %rwcc -g -O1 %s %rwlibs -o %t
// RUN: rm -f %t.*.jsonl
// Both rings full, every event sent, then races only:
// RUN: env RACEWAY_SEND=all RACEWAY_OUTPUT=%t.all.jsonl RACEWAY_MAX_BUFFERED=64 RACEWAY_FLUSH_HOLD=1 RACEWAY_DEBUG=1 %t 100 2> %t.all.err
// RUN: %python %srcroot/test/e2e/Inputs/race_sides.py %t.all.jsonl | FileCheck %s
// RUN: %python %srcroot/test/tools/check_chains.py --exit-line %t.all.err %t.all.jsonl
// RUN: env RACEWAY_SEND=races RACEWAY_OUTPUT=%t.races.jsonl RACEWAY_MAX_BUFFERED=64 RACEWAY_FLUSH_HOLD=1 %t 100
// RUN: %python %srcroot/test/e2e/Inputs/race_sides.py %t.races.jsonl | FileCheck %s
// Only the first thread's ring full:
// RUN: env RACEWAY_SEND=all RACEWAY_OUTPUT=%t.one.jsonl RACEWAY_MAX_BUFFERED=64 RACEWAY_FLUSH_HOLD=1 %t 0
// RUN: %python %srcroot/test/e2e/Inputs/race_sides.py %t.one.jsonl | FileCheck %s
// Room in both rings (8192 records): both sides have their events.
// RUN: env RACEWAY_SEND=all RACEWAY_OUTPUT=%t.room.jsonl RACEWAY_FLUSH_HOLD=1 %t 100
// RUN: %python %srcroot/test/e2e/Inputs/race_sides.py %t.room.jsonl | FileCheck --check-prefix=ROOM %s
//
// CHECK: race shared: first=unsent second=StateChange shared
// CHECK-NEXT: 1 race_detected
// ROOM: race shared: first=StateChange shared second=StateChange shared
// ROOM-NEXT: 1 race_detected

#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <raceway/raceway.h>

RACEWAY_TRACKED(long, fill_first);
RACEWAY_TRACKED(long, fill_main);
RACEWAY_TRACKED(long, shared);
static volatile int step;   /* untracked: orders the threads in time only */

static void *child(void *arg) { return arg; }

static void *first(void *arg) {
  for (int i = 0; i < 100; i++)   /* more than its ring holds */
    fill_first++;
  shared = 1;                     /* dropped */
  pthread_t c;                    /* AsyncSpawn, AsyncAwait: recorded */
  pthread_create(&c, 0, child, 0);
  pthread_join(c, 0);
  step = 1;
  return arg;
}

int main(int argc, char **argv) {
  int fill = argc > 1 ? atoi(argv[1]) : 100;   /* main's accesses before the race */
  pthread_t t;
  pthread_create(&t, 0, first, 0);
  while (step < 1)
    sched_yield();
  for (int i = 0; i < fill; i++)
    fill_main++;
  shared = 2;   /* races with first's write, found here */
  pthread_join(t, 0);
  printf("%ld %ld %ld\n", fill_first, fill_main, shared);
  return 0;
}
