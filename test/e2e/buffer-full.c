// A ring smaller than the burst: events that do not fit are dropped and
// counted, synchronisation events still get in through their reserve, the
// exit line adds up, and what was kept is a valid unbroken chain.
//
// RUN: %rwcc -g -O1 %s %rwlibs -o %t
// RUN: rm -f %t.jsonl
// RUN: env RACEWAY_OUTPUT=%t.jsonl RACEWAY_MAX_BUFFERED=64 RACEWAY_FLUSH_INTERVAL_MS=600000 %t 2> %t.err
// RUN: %python %srcroot/test/tools/check_events.py --canonical %t.jsonl
// RUN: %python %srcroot/test/tools/check_chains.py --exit-line %t.err %t.jsonl
// RUN: FileCheck --check-prefix=ERR %s < %t.err
// RUN: FileCheck %s < %t.jsonl
//
// 2000 accesses on main, a spawn and an await, 8 accesses on the worker:
// 2010 events.  How many fit depends on when the half-full wake-up lets
// the flusher drain, but the first 56 of main's (7/8 of 64) always do, and
// the spawn and await always find room in the sync reserve.
// ERR: raceway: 2010 events: {{[0-9]+}} delivered, {{[1-9][0-9]*}} dropped (buffer full: {{[1-9][0-9]*}}, rejected: 0, undeliverable: 0)
// CHECK: "AsyncSpawn"
// CHECK: "AsyncAwait"

#include <pthread.h>
#include <raceway/raceway.h>

RACEWAY_TRACKED(long, hot);

static void *worker(void *arg) {
  (void)arg;
  for (int i = 0; i < 4; i++)
    hot++;
  return 0;
}

int main(void) {
  for (int i = 0; i < 1000; i++)
    hot++;
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  pthread_join(t, 0);
  return 0;
}
