// causality_vector content, per thread ("pid:tid" components shown as
// main / t1 by Inputs/summarize.py; every value must be a JSON integer, or
// summarize prints NONINT):
// * before the join, main's events carry no component for the child, also
//   after the spawn (main:2 = main's epoch after the spawn's release);
// * the child inherits main's clock at the spawn (main:1) and its own
//   component grows by one across each release (t1:1, 2, 3, 4);
// * the joiner's AsyncAwait and everything after it carry the child's
//   component at the child's final epoch (t1:4, the value on its last
//   event), and main's own component is unchanged by the join.
//
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: rm -f %t.jsonl
// RUN: env RACEWAY_OUTPUT=%t.jsonl %t 2>%t.err
// RUN: %python %srcroot/test/tools/check_events.py --canonical %t.jsonl
// RUN: %python %srcroot/test/tools/check_chains.py --expect-threads 2 --expect-roots 1 %t.jsonl
// RUN: %python %S/Inputs/summarize.py %t.jsonl > %t.sum
// RUN: FileCheck %s --input-file=%t.sum
// RUN: not grep -i race %t.err
// RUN: not grep NONINT %t.sum
//
// CHECK:      main#1 parent=null StateChange variable=x {{.*}} vc=[main:1] locks=[]
// CHECK-NEXT: main#2 parent=main#1 AsyncSpawn {{.*}} vc=[main:1] locks=[]
// CHECK-NEXT: main#3 parent=main#2 StateChange variable=before_join {{.*}} vc=[main:2] locks=[]
// CHECK-NEXT: main#4 parent=t1#14 AsyncAwait {{.*}} vc=[main:2,t1:4] locks=[]
// CHECK-NEXT: main#5 parent=main#4 StateChange variable=y old_value=null new_value=10 {{.*}} access_type=Read vc=[main:2,t1:4] locks=[]
// CHECK-NEXT: main#6 parent=main#5 StateChange variable=after_join {{.*}} vc=[main:2,t1:4] locks=[]
// CHECK-NEXT: t1#1 parent=main#2 LockAcquire {{.*}} vc=[main:1,t1:1] locks=[]
// CHECK-NEXT: t1#2 parent=t1#1 StateChange variable=x {{.*}} vc=[main:1,t1:1] locks=[xlock]
// CHECK-NEXT: t1#3 parent=t1#2 StateChange variable=x {{.*}} vc=[main:1,t1:1] locks=[xlock]
// CHECK-NEXT: t1#4 parent=t1#3 LockRelease {{.*}} vc=[main:1,t1:1] locks=[xlock]
// CHECK-NEXT: t1#5 parent=t1#4 LockAcquire {{.*}} vc=[main:1,t1:2] locks=[]
// CHECK-NEXT: t1#6 parent=t1#5 StateChange variable=x {{.*}} vc=[main:1,t1:2] locks=[xlock]
// CHECK-NEXT: t1#7 parent=t1#6 StateChange variable=x {{.*}} vc=[main:1,t1:2] locks=[xlock]
// CHECK-NEXT: t1#8 parent=t1#7 LockRelease {{.*}} vc=[main:1,t1:2] locks=[xlock]
// CHECK-NEXT: t1#9 parent=t1#8 LockAcquire {{.*}} vc=[main:1,t1:3] locks=[]
// CHECK-NEXT: t1#10 parent=t1#9 StateChange variable=x {{.*}} vc=[main:1,t1:3] locks=[xlock]
// CHECK-NEXT: t1#11 parent=t1#10 StateChange variable=x old_value=102 new_value=103 {{.*}} vc=[main:1,t1:3] locks=[xlock]
// CHECK-NEXT: t1#12 parent=t1#11 LockRelease {{.*}} vc=[main:1,t1:3] locks=[xlock]
// CHECK-NEXT: t1#13 parent=t1#12 StateChange variable=y old_value=0 new_value=10 {{.*}} vc=[main:1,t1:4] locks=[]
// CHECK-NEXT: t1#14 parent=t1#13 StateChange variable=y old_value=null new_value=10 {{.*}} vc=[main:1,t1:4] locks=[]
// CHECK-NOT: {{.}}

#include <pthread.h>
#include <raceway/raceway.h>

RACEWAY_TRACKED(long, x);
RACEWAY_TRACKED(long, y);
RACEWAY_TRACKED(int, before_join);
RACEWAY_TRACKED(int, after_join);
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

static void *child(void *arg) {
  for (int i = 0; i < 3; i++) {
    pthread_mutex_lock(&m);
    x = x + 1;
    pthread_mutex_unlock(&m);
  }
  y = 10;
  return (void *)(long)(y == 10);   /* the child's last event: a read */
}

int main(void) {
  raceway_name_lock(&m, "xlock");
  pthread_t t;
  x = 100;
  pthread_create(&t, 0, child, 0);
  before_join = 1;                  /* concurrent with the child */
  void *ok;
  pthread_join(t, &ok);
  long v = y;
  after_join = 2;
  return ok && v == 10 ? 0 : 1;
}
