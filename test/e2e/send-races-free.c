// RACEWAY_SEND=races on a race-free program: no StateChange, no lock
// event and no race_detected is sent, only the thread structure
// (AsyncSpawn/AsyncAwait); every access is counted as filtered, and
// raceway_get_stats adds up while the program runs (a 16-event window:
// the rest of each thread's 300 held events is filtered already).
//
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: rm -f %t.jsonl
// RUN: env RACEWAY_SEND=races RACEWAY_RACE_WINDOW=16 RACEWAY_DEBUG=1 RACEWAY_OUTPUT=%t.jsonl %t > %t.out 2> %t.err
// RUN: %python %srcroot/test/tools/check_events.py %t.jsonl
// RUN: %python %srcroot/test/tools/check_chains.py --expect-roots 1 --exit-line %t.err %t.jsonl
// RUN: FileCheck %s < %t.jsonl
// RUN: FileCheck --check-prefix=OUT %s < %t.out
// RUN: FileCheck --check-prefix=ERR %s < %t.err
//
// CHECK-NOT: StateChange
// CHECK-NOT: Lock
// CHECK-NOT: race_detected
// CHECK: "AsyncSpawn"
// CHECK-NOT: StateChange
// CHECK-NOT: Lock
// CHECK-NOT: race_detected
// OUT: stats add up: 1, filtered > 400: 1
// ERR-NOT: WARNING: Raceway
// ERR: raceway: {{[0-9]+}} events: {{[0-9]+}} delivered, 0 dropped {{.*}}, {{[0-9]+}} filtered
//
// A bad window size is reported and replaced by the default.
// RUN: env RACEWAY_SEND=races RACEWAY_RACE_WINDOW=0 RACEWAY_OUTPUT=%t.jsonl %t 2>&1 | FileCheck --check-prefix=BAD %s
// BAD: raceway: RACEWAY_RACE_WINDOW='0' is not a number in 1..1048576; using 4096
#include <pthread.h>
#include <stdio.h>
#include <raceway/raceway.h>

RACEWAY_TRACKED(int, counter);
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

static void *work(void *arg) {
  for (int i = 0; i < 100; i++) {
    pthread_mutex_lock(&m);
    counter++;
    pthread_mutex_unlock(&m);
  }
  return arg;
}

int main(void) {
  pthread_t t[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], 0, work, 0);
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], 0);
  raceway_flush(2000);
  raceway_stats st;
  raceway_get_stats(&st);
  printf("stats add up: %d, filtered > 400: %d\n",
         st.delivered + st.dropped + st.filtered + st.pending == st.produced,
         st.filtered > 400);
  return 0;
}
