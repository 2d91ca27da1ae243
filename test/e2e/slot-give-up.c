// A flusher that is behind (RACEWAY_FLUSH_HOLD=1: it sends nothing until
// exit, so this is deterministic) while threads come and go: a joined
// thread's slot is taken by the next thread although the flusher has not
// drained its earlier rings; the ended thread's ring waits behind them.
// A slot with 4 waiting is passed over below 256 slots (a new slot, no
// event lost); past 256 slots it is taken and its oldest waiting ring is
// given up (capture/slots.h): what it held counts as dropped.  Without
// that, each of the 2,000 threads took a slot of its own (and clocks,
// vectors and encoder state grew with them: 338 MB for 100,000).
//
// Every join names the joined thread's last event, and every grandchild's
// first event its spawn, many of them given up: such an event keeps its own
// thread's chain instead, so check_chains finds every parent_id on an
// earlier line (the first attempt at this named a parent never sent in
// about 10% of the events), ids unique and chains linear; the exit line
// adds up and delivered = the lines in the file; the slots stay near 256.
// Both with every event sent and with races only.
//
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: rm -f %t.jsonl %t.races.jsonl
// RUN: env RACEWAY_OUTPUT=%t.jsonl RACEWAY_FLUSH_HOLD=1 RACEWAY_MAX_BUFFERED=2048 RACEWAY_DEBUG=1 %t 2> %t.err
// RUN: %python %srcroot/test/tools/check_events.py --canonical %t.jsonl
// RUN: %python %srcroot/test/tools/check_chains.py --exit-line %t.err %t.jsonl
// RUN: FileCheck %s < %t.err
// RUN: env RACEWAY_OUTPUT=%t.races.jsonl RACEWAY_SEND=races RACEWAY_FLUSH_HOLD=1 RACEWAY_MAX_BUFFERED=2048 RACEWAY_DEBUG=1 %t 2> %t.races.err
// RUN: %python %srcroot/test/tools/check_chains.py --exit-line %t.races.err %t.races.jsonl
// RUN: FileCheck %s < %t.races.err
// The same churn with a flusher that paces itself hard (RACEWAY_FLUSH_CPU_PCT
// =1: after each pass it waits 99 times that pass's CPU time, deaf to
// kicks): how much it drops depends on the scheduler; the accounting,
// whole lines and the parent chains must hold whatever it is.
// RUN: rm -f %t.paced.jsonl
// RUN: env RACEWAY_OUTPUT=%t.paced.jsonl RACEWAY_FLUSH_CPU_PCT=1 RACEWAY_MAX_BUFFERED=2048 RACEWAY_DEBUG=1 %t 2> %t.paced.err
// RUN: %python %srcroot/test/tools/check_events.py --canonical %t.paced.jsonl
// RUN: %python %srcroot/test/tools/check_chains.py --exit-line %t.paced.err %t.paced.jsonl
//
// CHECK: WARNING: Raceway: data race on racy
// At most RW_SLOTS_GIVE_UP (256) slots and the few threads alive, rings
// waiting behind newer threads of their slots:
// CHECK: raceway: {{[0-9]+}} events: {{.*}}; slots: {{2[5-6][0-9]}}, rings given up: {{[1-9][0-9]+}}
// CHECK-SAME: {{[1-9][0-9]+}} with their rings waiting at the cap; rings waiting: {{[1-9][0-9]+}} behind another, peak {{[1-9][0-9]+}};
#include <pthread.h>
#include <raceway/raceway.h>

/* 5 threads a round: enough for 256 slots of 4 waiting rings each. */
#define ROUNDS 400

RACEWAY_TRACKED(long, counter);
RACEWAY_TRACKED(int, racy);
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void *work(void *arg) {
  pthread_mutex_lock(&lock);
  counter++;
  pthread_mutex_unlock(&lock);
  return arg;
}

/* Starts a grandchild and ends before it is joined: the grandchild's first
 * event names this thread's spawn, whose ring may be given up by then. */
static void *spawner(void *arg) {
  work(0);
  pthread_create((pthread_t *)arg, 0, work, 0);
  return 0;
}

/* Alive until main's churn ends, so its ring (with its write) is not
 * given up. */
static pthread_mutex_t done = PTHREAD_MUTEX_INITIALIZER;
static void *writer(void *arg) {
  racy = 1;
  pthread_mutex_lock(&done);
  pthread_mutex_unlock(&done);
  return arg;
}

int main(void) {
  pthread_t w;   /* never ordered with main's write: one race (first: with
                    the flusher held, late threads' rings get no budget) */
  pthread_mutex_lock(&done);
  pthread_create(&w, 0, writer, 0);
  racy = 2;
  for (int i = 0; i < ROUNDS; i++) {
    pthread_t t[4], grandchild;
    pthread_create(&t[0], 0, spawner, &grandchild);
    for (int k = 1; k < 4; k++)
      pthread_create(&t[k], 0, work, 0);
    for (int k = 0; k < 4; k++)
      pthread_join(t[k], 0);
    pthread_join(grandchild, 0);
  }
  pthread_mutex_unlock(&done);
  pthread_join(w, 0);
  pthread_mutex_lock(&lock);
  long v = counter;
  pthread_mutex_unlock(&lock);
  return v == 5 * ROUNDS ? 0 : 1;
}
