// RACEWAY_SEND=auto: a race found before the turn, one of whose accesses
// is drained after it, still sends that access.  R2 (slot 2) finds the
// race with R1's write and emits race_detected in its own ring; with the
// flusher held until exit (RACEWAY_FLUSH_HOLD=1) the rings are drained in
// slot order, so the race event goes out in all mode, then R1's filler
// writes reach RACEWAY_SEND_ALL_LIMIT, and R1's racy write comes after the
// turn, into the races window.  It used to be filtered there (the window
// learns a race's sides from its race_detected event, which it had not
// seen): 1 access of 2 sent (server/CI: send-auto.test under ASan, where
// another thread than the finder had emitted the race event).
//
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.jsonl RACEWAY_FLUSH_HOLD=1 RACEWAY_SEND_ALL_LIMIT=20 RACEWAY_DEBUG=1 %t 2> %t.err
// RUN: FileCheck %s --check-prefix=ERR < %t.err
// RUN: %python %S/Inputs/race_sent.py %t.jsonl racy | FileCheck %s
// RUN: %python %srcroot/test/tools/check_chains.py --exit-line %t.err %t.jsonl
//
// ERR: data race on racy
// ERR: raceway: 20 events sent; from now on only races
// CHECK: race_detected: 1
// CHECK-NEXT: accesses to racy: 2
#include "../corpus/Inputs/corpus.h"

RACEWAY_TRACKED(long, racy);
RACEWAY_TRACKED(long, filler);

static void *r1(void *arg) {
  for (int i = 0; i < 50; i++)   /* past RACEWAY_SEND_ALL_LIMIT */
    filler = i;
  racy = 1;
  step_go(1);
  return arg;
}

static void *r2(void *arg) {
  step_wait(1);
  racy = 2;                       /* races with r1's: found here */
  return arg;
}

int main(void) {
  pthread_t b = spawn(r2, 0);     /* slot 2: drained before r1's */
  pthread_t a = spawn(r1, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return DONE();
}
