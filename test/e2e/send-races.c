// RACEWAY_SEND=races on a racy program: only the two racing StateChanges
// are sent, each with the LockAcquire/LockRelease around it, plus the
// spawn/await and race_detected events; no other access (the 200 locked
// increments of `quiet` stay home).  Sent events are re-parented into one
// chain per thread, and the exit line accounts for every event:
// delivered + dropped + filtered == produced.
//
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: rm -f %t.jsonl
// RUN: env RACEWAY_SEND=races RACEWAY_DEBUG=1 RACEWAY_OUTPUT=%t.jsonl %t 2> %t.err
// RUN: %python %srcroot/test/tools/check_events.py %t.jsonl
// RUN: %python %srcroot/test/tools/check_chains.py --expect-threads 2 --expect-roots 1 --exit-line %t.err %t.jsonl
// RUN: FileCheck --check-prefix=ERR %s < %t.err
// RUN: FileCheck %s < %t.jsonl
// RUN: %python -c "import json,sys; k=[list(json.loads(l)['kind'])[0] for l in open(sys.argv[1])]; print(k.count('StateChange'), k.count('LockAcquire'), k.count('LockRelease'), k.count('AsyncSpawn'), k.count('AsyncAwait'), k.count('Custom'))" %t.jsonl | FileCheck --check-prefix=COUNT %s
//
// ERR: WARNING: Raceway: data race on counter
// ERR: raceway: [[N:[0-9]+]] events: [[D:[0-9]+]] delivered, 0 dropped {{.*}}, {{[0-9]+}} filtered
//
// CHECK-DAG: "AsyncSpawn"
// CHECK-DAG: "StateChange":{"variable":"counter",{{.*}}"location":"{{[^"]*}}send-races.c:[[@LINE+38]]:
// CHECK-DAG: "LockAcquire":{"lock_id":"[[LOCK:mutex@0x[0-9a-f]+]]",{{.*}}"location":"{{[^"]*}}send-races.c:[[@LINE+28]]:
// CHECK-DAG: "StateChange":{"variable":"counter",{{.*}}"location":"{{[^"]*}}send-races.c:[[@LINE+28]]:
// CHECK-DAG: "LockRelease":{"lock_id":"[[LOCK]]",{{.*}}"location":"{{[^"]*}}send-races.c:[[@LINE+28]]:
// CHECK-DAG: "AsyncAwait"
// CHECK-DAG: "Custom":{"name":"race_detected","data":{"variable":"counter"
// CHECK-NOT: "variable":"quiet"
//
// Two races (counter++ reads and writes vs. main's write): main's write,
// the worker's read and write; one lock pair; two race_detected.
// COUNT: 3 1 1 1 1 2
#include <pthread.h>
#include <sched.h>
#include <raceway/raceway.h>

static volatile int go;   /* untracked: orders in time, not for the detector */

RACEWAY_TRACKED(int, counter);
RACEWAY_TRACKED(int, quiet);
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

static void *work(void *arg) {
  while (!go)
    sched_yield();
  for (int i = 0; i < 100; i++) {
    pthread_mutex_lock(&m);
    quiet++;
    pthread_mutex_unlock(&m);
  }
  pthread_mutex_lock(&m);
  counter++;
  pthread_mutex_unlock(&m);
  return arg;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, work, 0);
  counter = 5;
  go = 1;
  pthread_join(t, 0);
  return 0;
}
