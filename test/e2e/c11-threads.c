// C11 <threads.h> end to end: thrd_create gives an AsyncSpawn whose task_id
// is the AsyncAwait future_id of the matching thrd_join; the child's first
// event is parented on the spawn event; mtx_lock/mtx_unlock give
// LockAcquire/LockRelease "Mutex" events around the tracked access, whose
// lock_set holds the lock; the await is parented on the child's last event
// and its causality vector carries the child's component.  Inputs/summarize.py
// replaces run-specific ids with names (main#2 = main thread's 2nd event,
// t1 = the thread started by task1); locations are relative to the
// thrd_create line (SPAWN).
//
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: rm -f %t.jsonl
// RUN: env RACEWAY_OUTPUT=%t.jsonl %t 2>%t.err
// RUN: %python %srcroot/test/tools/check_events.py --canonical %t.jsonl
// RUN: %python %srcroot/test/tools/check_chains.py --expect-threads 2 --expect-roots 1 %t.jsonl
// RUN: %python %S/Inputs/summarize.py %t.jsonl | FileCheck %s
// RUN: not grep -i race %t.err
// Raw ids: task_id == future_id, child's first parent_id == spawn event id.
// RUN: FileCheck %s --check-prefix=RAW --input-file=%t.jsonl
//
// (line numbers relative to the thrd_create line, SPAWN)
// CHECK:      main#1 parent=null AsyncSpawn task_id=task1 spawned_by=c11-threads.c:[[#SPAWN:]]:3 vc=[main:1] locks=[]
// CHECK-NEXT: main#2 parent=t1#4 AsyncAwait future_id=task1 awaited_at=c11-threads.c:[[#SPAWN+2]]:3 vc=[main:2,t1:2] locks=[]
// CHECK-NEXT: main#3 parent=main#2 StateChange variable=counter old_value=null new_value=5 location=c11-threads.c:[[#SPAWN+3]]:{{[0-9]+}} access_type=Read vc=[main:2,t1:2] locks=[]
// CHECK-NEXT: main#4 parent=main#3 StateChange variable=counter old_value=5 new_value=12 location=c11-threads.c:[[#SPAWN+3]]:{{[0-9]+}} access_type=Write vc=[main:2,t1:2] locks=[]
// CHECK-NEXT: main#5 parent=main#4 StateChange variable=counter old_value=null new_value=12 location={{.*}} access_type=Read vc=[main:2,t1:2] locks=[]
// CHECK-NEXT: t1#1 parent=main#1 LockAcquire lock_id=counter_lock lock_type=Mutex location=c11-threads.c:[[#SPAWN-10]]:3 vc=[main:1,t1:1] locks=[]
// CHECK-NEXT: t1#2 parent=t1#1 StateChange variable=counter old_value=null new_value=0 location=c11-threads.c:[[#SPAWN-9]]:{{[0-9]+}} access_type=Read vc=[main:1,t1:1] locks=[counter_lock]
// CHECK-NEXT: t1#3 parent=t1#2 StateChange variable=counter old_value=0 new_value=5 location=c11-threads.c:[[#SPAWN-9]]:{{[0-9]+}} access_type=Write vc=[main:1,t1:1] locks=[counter_lock]
// CHECK-NEXT: t1#4 parent=t1#3 LockRelease lock_id=counter_lock lock_type=Mutex location=c11-threads.c:[[#SPAWN-8]]:3 vc=[main:1,t1:1] locks=[counter_lock]
// CHECK-NOT: {{.}}
//
// RAW: {"id":"[[SPAWNID:[0-9a-f-]+]]",{{.*}}"kind":{"AsyncSpawn":{"task_id":"[[TASK:[0-9a-f-]+]]"
// RAW: "parent_id":"[[SPAWNID]]",{{.*}}"kind":{"LockAcquire":{"lock_id":"counter_lock"
// RAW: "kind":{"AsyncAwait":{"future_id":"[[TASK]]"

#include <threads.h>
#include <raceway/raceway.h>

RACEWAY_TRACKED(long, counter);
static mtx_t m;

static int worker(void *arg) {
  mtx_lock(&m);                 /* LOCK */
  counter += (long)arg;
  mtx_unlock(&m);
  return 7;
}

int main(void) {
  mtx_init(&m, mtx_plain);
  raceway_name_lock(&m, "counter_lock");
  thrd_t t;
  thrd_create(&t, worker, (void *)5);   /* SPAWN */
  int res = 0;
  thrd_join(t, &res);                   /* JOIN */
  counter += res;
  mtx_destroy(&m);
  return counter == 12 ? 0 : 1;
}
