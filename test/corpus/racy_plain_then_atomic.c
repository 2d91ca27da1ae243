// Expected: RACE (a plain write, then another thread's acq_rel RMW with no
// order between them.  The RMW is checked before it runs, so that a thread
// acquiring from it finds it ordered first; the race it finds then still
// reports the values the RMW saw and left, not only what it overwrote)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: env RACEWAY_REPORT_LIVE=1 %t 2>&1 | FileCheck --check-prefix=LIVE %s
// CHECK: WARNING: Raceway: data race on Count
// CHECK-NEXT: Atomic write of 4 bytes by thread {{.*}} at {{.*}}racy_plain_then_atomic.c:[[@LINE+17]]:{{[0-9]+}} (old 7, new 12)
// CHECK: Previous write of 4 bytes by thread {{.*}} at {{.*}}racy_plain_then_atomic.c:[[@LINE+9]]:{{[0-9]+}} (old 0, new 7)
// CHECK: Raceway: 1 data race
// Printed when found, before the RMW ran: what it overwrote.
// LIVE: WARNING: Raceway: data race on Count
// LIVE-NEXT: Atomic write of 4 bytes by thread {{.*}} (old 7){{$}}
#include "Inputs/corpus.h"
RACEWAY_TRACKED(int, Count);
static void *writer(void *arg) {
  (void)arg;
  Count = 7;
  step_go(1);
  return 0;
}
static void *adder(void *arg) {
  (void)arg;
  step_wait(1);
  __atomic_fetch_add(&Count, 5, __ATOMIC_ACQ_REL);
  return 0;
}
int main(void) {
  pthread_t a = spawn(writer, 0), b = spawn(adder, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return DONE();
}
