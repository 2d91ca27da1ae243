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
// Five races at once on a full ring: the 8 records past the data records'
// 56 (a critical record may take a synchronisation record's room too)
// take the first four races' accesses and events; the fifth race's access
// is dropped, and its event never finds room: counted as dropped at exit
// (the exit line adds up, and counts as many events as the same run with
// room for all).
// RUN: env RACEWAY_SEND=all RACEWAY_OUTPUT=%t.five.jsonl RACEWAY_MAX_BUFFERED=64 RACEWAY_FLUSH_HOLD=1 RACEWAY_DEBUG=1 %t 100 5 2> %t.five.err
// RUN: %python %srcroot/test/e2e/Inputs/race_sides.py %t.five.jsonl | FileCheck --check-prefix=FIVE %s
// RUN: %python %srcroot/test/tools/check_chains.py --exit-line %t.five.err %t.five.jsonl
// RUN: FileCheck --check-prefix=FIVE-ERR %s < %t.five.err
// RUN: env RACEWAY_SEND=all RACEWAY_OUTPUT=%t.room5.jsonl RACEWAY_FLUSH_HOLD=1 RACEWAY_DEBUG=1 %t 100 5 2> %t.room5.err
// RUN: sed -n 's/^raceway: \([0-9]*\) events:.*/\1/p' %t.five.err > %t.five.n
// RUN: sed -n 's/^raceway: \([0-9]*\) events:.*/\1/p' %t.room5.err > %t.room5.n
// RUN: diff %t.five.n %t.room5.n
// Room in both rings (8192 records): both sides have their events.
// RUN: env RACEWAY_SEND=all RACEWAY_OUTPUT=%t.room.jsonl RACEWAY_FLUSH_HOLD=1 %t 100
// RUN: %python %srcroot/test/e2e/Inputs/race_sides.py %t.room.jsonl | FileCheck --check-prefix=ROOM %s
//
// CHECK: race shared: first=unsent second=StateChange shared
// CHECK-NEXT: 1 race_detected
// FIVE: race shared: first=unsent second=StateChange shared
// FIVE-NEXT: race shared2: first=unsent second=StateChange shared2
// FIVE-NEXT: race shared3: first=unsent second=StateChange shared3
// FIVE-NEXT: race shared4: first=unsent second=StateChange shared4
// FIVE-NEXT: 4 race_detected
// FIVE-ERR: 5 data races
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
RACEWAY_TRACKED(long, shared2);
RACEWAY_TRACKED(long, shared3);
RACEWAY_TRACKED(long, shared4);
RACEWAY_TRACKED(long, shared5);
static int nshared = 1;
static volatile int step;   /* untracked: orders the threads in time only */

static void *child(void *arg) { return arg; }

static void *first(void *arg) {
  for (int i = 0; i < 100; i++)   /* more than its ring holds */
    fill_first++;
  shared = 1;                     /* dropped */
  if (nshared > 1)
    shared2 = 1, shared3 = 1, shared4 = 1, shared5 = 1;
  pthread_t c;                    /* AsyncSpawn, AsyncAwait: recorded */
  pthread_create(&c, 0, child, 0);
  pthread_join(c, 0);
  step = 1;
  return arg;
}

int main(int argc, char **argv) {
  int fill = argc > 1 ? atoi(argv[1]) : 100;   /* main's accesses before the race */
  nshared = argc > 2 ? atoi(argv[2]) : 1;        /* 5: five races at once */
  pthread_t t;
  pthread_create(&t, 0, first, 0);
  while (step < 1)
    sched_yield();
  for (int i = 0; i < fill; i++)
    fill_main++;
  shared = 2;   /* races with first's write, found here */
  if (nshared > 1)
    shared2 = 2, shared3 = 2, shared4 = 2, shared5 = 2;
  pthread_join(t, 0);
  printf("%ld %ld %ld\n", fill_first, fill_main, shared);
  return 0;
}
