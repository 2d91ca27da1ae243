// A lock whose acquisition is held back (it is recorded only before the
// thread's next event: capture.h) stays held back when that event is a
// data record the full ring drops: its release then drops it too, as it
// drops the acquisition of a lock that guarded nothing.  The runtime
// before recorded the acquisition and the release around each dropped
// access: pairs that guard nothing, which filled the room a full ring
// keeps for synchronisation records, so the thread's next spawn was
// dropped (and cost 230 of the 454 instructions a key-value operation
// took at a full ring, bench/RESULTS.md).  Deterministic: the flusher
// drains nothing before exit (RACEWAY_FLUSH_HOLD=1), rings of 64 records.
//
// RUN: %rwcc -g -O1 %s %rwlibs -o %t
// RUN: rm -f %t.*.jsonl
// Main's ring full after 19 locked writes (3 records each: the 19th write
// is the last the data records' 56 of 64 take); 398 more, their accesses
// and the locks around them dropped; then a spawn and its join, recorded
// (the room kept for synchronisation records is still free):
// RUN: env RACEWAY_SEND=all RACEWAY_OUTPUT=%t.full.jsonl RACEWAY_MAX_BUFFERED=64 RACEWAY_FLUSH_HOLD=1 RACEWAY_DEBUG=1 %t 400 2> %t.full.err
// RUN: %python %srcroot/test/e2e/Inputs/lock_pairs.py %t.full.jsonl | FileCheck --check-prefix=FULL %s
// RUN: %python %srcroot/test/tools/check_chains.py --exit-line %t.full.err %t.full.jsonl
// Every access dropped counts as produced and dropped, no lock event does:
// 19 x 3 + spawn + await delivered, 398 writes + the final read dropped.
// (The runtime before: 1254 events, 60 delivered, 20 pairs of which 1
// empty, then acquisitions with no release, and no spawn.)
// RUN: FileCheck --check-prefix=FULL-ERR %s < %t.full.err
// One unlocked write first: the 19th acquisition would take the last data
// slot, leaving no room for its write; it stays held back with it (the
// room counted is the acquisition's and the write's), so 18 pairs:
// RUN: env RACEWAY_SEND=all RACEWAY_OUTPUT=%t.edge.jsonl RACEWAY_MAX_BUFFERED=64 RACEWAY_FLUSH_HOLD=1 RACEWAY_DEBUG=1 %t 400 1 2> %t.edge.err
// RUN: %python %srcroot/test/e2e/Inputs/lock_pairs.py %t.edge.jsonl | FileCheck --check-prefix=EDGE %s
// RUN: %python %srcroot/test/tools/check_chains.py --exit-line %t.edge.err %t.edge.jsonl
// With room (8192 records): every pair guards its write.
// RUN: env RACEWAY_SEND=all RACEWAY_OUTPUT=%t.room.jsonl RACEWAY_FLUSH_HOLD=1 %t 400
// RUN: %python %srcroot/test/e2e/Inputs/lock_pairs.py %t.room.jsonl | FileCheck --check-prefix=ROOM %s
//
// FULL: thread 0: 19 pairs, 0 empty, 1 spawns
// FULL-ERR: raceway: 458 events: 59 delivered, 399 dropped (buffer full: 399,
// EDGE: thread 0: 18 pairs, 0 empty, 1 spawns
// ROOM: thread 0: 417 pairs, 0 empty, 1 spawns

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <raceway/raceway.h>

RACEWAY_TRACKED(long, counter);
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

static void *child(void *arg) { return arg; }

int main(int argc, char **argv) {
  int n = 17 + (argc > 1 ? atoi(argv[1]) : 0);
  for (int i = argc > 2 ? atoi(argv[2]) : 0; i > 0; i--)
    counter = -i;   /* unlocked writes before the loop: where the ring fills */
  for (int i = 0; i < n; i++) {
    pthread_mutex_lock(&m);
    counter = i;
    pthread_mutex_unlock(&m);
  }
  pthread_t c;
  pthread_create(&c, 0, child, 0);
  pthread_join(c, 0);
  printf("%ld\n", counter);
  return 0;
}
