// Fences order memory in the detector (C11 fence rules): message passing
// with a release fence + relaxed store / relaxed load + acquire fence is
// race-free; the same program with relaxed fences (clang emits no fence
// instruction for them: no hook, no event, no ordering) is a race on
// `data`, found deterministically (the reader waits for the flag).
// Fences in the seq_cst/acq_rel form order too.
//
// RUN: %rwcc -g -O1 -DREL=memory_order_release -DACQ=memory_order_acquire %s -o %t.ra %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.ra.jsonl RACEWAY_EXITCODE=66 %t.ra 2>&1 | FileCheck %s --check-prefix=CLEAN --allow-empty
// RUN: %rwcc -g -O1 -DREL=memory_order_seq_cst -DACQ=memory_order_acq_rel %s -o %t.sc %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.sc.jsonl RACEWAY_EXITCODE=66 %t.sc 2>&1 | FileCheck %s --check-prefix=CLEAN --allow-empty
// RUN: %rwcc -g -O1 -DREL=memory_order_relaxed -DACQ=memory_order_relaxed %s -o %t.rx %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.rx.jsonl RACEWAY_EXITCODE=66 not %t.rx 2>&1 | FileCheck %s --check-prefix=RACE
// A relaxed fence leaves no event of any kind: only the two accesses to
// `data` and the spawn/await are recorded (the flag is untracked).
// RUN: grep -o '"kind":{"[A-Za-z]*"' %t.rx.jsonl | sort | uniq -c | FileCheck %s --check-prefix=KINDS
//
// CLEAN-NOT: race
// RACE: WARNING: Raceway: data race on data
// RACE: Read of 4 bytes by thread {{.*}} at {{.*}}fences-hb.c:[[#READ:]]
// RACE: Previous write of 4 bytes by thread {{.*}} at {{.*}}fences-hb.c:[[#WRITE:]]
// RACE: Raceway: 1 data race (1 occurrence) on 1 variable
// KINDS:      1 "kind":{"AsyncAwait"
// KINDS-NEXT: 1 "kind":{"AsyncSpawn"
// KINDS-NEXT: 1 "kind":{"Custom"
// KINDS-NEXT: 2 "kind":{"StateChange"
// KINDS-NOT: MemoryFence

#include <pthread.h>
#include <stdatomic.h>
#include <raceway/raceway.h>

RACEWAY_TRACKED(int, data);
static atomic_int flag;

static void *producer(void *arg) {
  data = 42;
  atomic_thread_fence(REL);
  atomic_store_explicit(&flag, 1, memory_order_relaxed);
  return 0;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, producer, 0);
  while (!atomic_load_explicit(&flag, memory_order_relaxed))
    ;
  atomic_thread_fence(ACQ);
  int v = data;
  pthread_join(t, 0);
  return v == 42 ? 0 : 1;
}
