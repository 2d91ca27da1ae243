// A lock that guards no recorded event is not recorded (its acquire is
// held back and dropped with its release); one that guards a tracked access
// is, with the acquire recorded just before the access.
// RACEWAY_LOCK_EVENTS=all records every pair; a bad value is said once.
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.jsonl %t
// RUN: %python %srcroot/test/tools/check_events.py %t.jsonl
// RUN: grep -o '"kind":{"[A-Za-z]*"' %t.jsonl | sort | uniq -c | FileCheck %s --check-prefix=GUARDING
// RUN: grep -o '"kind":{"[A-Za-z]*":{"[a-z_]*":"[^"]*"' %t.jsonl | FileCheck %s --check-prefix=ORDER
// RUN: env RACEWAY_LOCK_EVENTS=all RACEWAY_OUTPUT=%t.all.jsonl %t
// RUN: grep -o '"kind":{"[A-Za-z]*"' %t.all.jsonl | sort | uniq -c | FileCheck %s --check-prefix=ALL
// RUN: env RACEWAY_LOCK_EVENTS=some RACEWAY_OUTPUT=%t.bad.jsonl %t 2>&1 | FileCheck %s --check-prefix=BAD
//
// GUARDING: 1 "kind":{"LockAcquire"
// GUARDING: 1 "kind":{"LockRelease"
// GUARDING: 2 "kind":{"StateChange"
// ORDER: "LockAcquire":{"lock_id":"guard"
// ORDER-NEXT: "StateChange":{"variable":"guarded"
// ORDER-NEXT: "StateChange":{"variable":"guarded"
// ORDER-NEXT: "LockRelease":{"lock_id":"guard"
// ALL: 101 "kind":{"LockAcquire"
// ALL: 101 "kind":{"LockRelease"
// BAD: raceway: RACEWAY_LOCK_EVENTS='some' is not guarding or all; using guarding
// BAD-NOT: raceway:
#include <pthread.h>
#include <raceway/raceway.h>

RACEWAY_TRACKED(long, guarded);
static long untracked;
static pthread_mutex_t guard = PTHREAD_MUTEX_INITIALIZER;

int main(void) {
  raceway_name_lock(&guard, "guard");
  for (int i = 0; i < 100; i++) {      /* guards only untracked work */
    pthread_mutex_lock(&guard);
    untracked++;
    pthread_mutex_unlock(&guard);
  }
  pthread_mutex_lock(&guard);
  guarded++;                           /* a read and a write */
  pthread_mutex_unlock(&guard);
  return (int)(untracked - 100);
}
