// RACEWAY_SEND=races with a small RACEWAY_RACE_WINDOW: the race's first
// access left its thread's window (200 newer held events) before the race
// was found, so what is still available is sent: the second access and
// race_detected; the lost side is counted as filtered and named on stderr
// with RACEWAY_DEBUG=1.  Chains stay valid and the exit line adds up.
//
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: rm -f %t.jsonl
// RUN: env RACEWAY_SEND=races RACEWAY_RACE_WINDOW=8 RACEWAY_DEBUG=1 RACEWAY_OUTPUT=%t.jsonl %t 2> %t.err
// RUN: %python %srcroot/test/tools/check_events.py %t.jsonl
// RUN: %python %srcroot/test/tools/check_chains.py --exit-line %t.err %t.jsonl
// RUN: FileCheck --check-prefix=ERR %s < %t.err
// RUN: FileCheck %s < %t.jsonl
//
// ERR-DAG: WARNING: Raceway: data race on shared
// ERR-DAG: raceway: race event {{[0-9a-f-]+}} left its window before the race was found (RACEWAY_RACE_WINDOW=8)
// ERR: 0 dropped {{.*}}, {{[0-9]+}} filtered
//
// CHECK-NOT: "variable":"shared",{{.*}}"access_type":"Write"
// CHECK: "StateChange":{"variable":"shared",{{.*}}"access_type":"Read"
// CHECK-NOT: "variable":"shared",{{.*}}"access_type":"Write"
// CHECK: "race_detected"
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <raceway/raceway.h>

static volatile int go;   /* untracked: orders in time, not for the detector */
RACEWAY_TRACKED(int, shared);
RACEWAY_TRACKED(int, busy);

static void *reader(void *arg) {
  while (!go)
    sched_yield();
  printf("%d\n", shared);
  return arg;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, reader, 0);
  shared = 1;
  for (int i = 0; i < 200; i++)
    busy++;
  raceway_flush(2000);   /* the write is encoded and leaves the window */
  go = 1;
  pthread_join(t, 0);
  return 0;
}
