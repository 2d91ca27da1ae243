// Locks taken in a file compiled without the plugin (Inputs/partial-lock.c)
// are still seen through the interposed pthread functions: each of the 100
// critical sections gives a LockAcquire/LockRelease pair on one Mutex, the
// protected accesses carry it in lock_set, and no race is reported.  With
// no pass callsite the location falls back to the caller's return address,
// "<object>+0x<offset>" (the executable has no dynamic symbol for
// lib_enter/lib_leave); the offsets must fall inside those functions
// (built without sibling calls: a tail call would return into work()).
//
// RUN: %clang -g -O1 -fno-optimize-sibling-calls -c %S/Inputs/partial-lock.c -o %t.lock.o
// RUN: %rwcc -g -O1 %s %t.lock.o -o %t %rwlibs
// RUN: rm -f %t.jsonl
// RUN: env RACEWAY_OUTPUT=%t.jsonl RACEWAY_EXITCODE=66 %t 2>%t.err
// RUN: not grep -i race %t.err
// RUN: %python %srcroot/test/tools/check_events.py --canonical %t.jsonl
// RUN: %python %srcroot/test/tools/check_chains.py --expect-threads 3 --expect-roots 1 %t.jsonl
// RUN: grep -o '"kind":{"Lock[A-Za-z]*":{[^}]*}' %t.jsonl | sed -E 's/mutex@0x[0-9a-f]+/mutex@ADDR/; s/[+]0x[0-9a-f]+"/+OFF"/' | sort | uniq -c > %t.locks
// RUN: FileCheck %s --check-prefix=LOCKS --input-file=%t.locks
// RUN: grep -o '"variable":"shared".*"lock_set":\[[^]]*\]' %t.jsonl | sed -E 's/.*"lock_set"/lock_set/; s/0x[0-9a-f]+/ADDR/' | sort | uniq -c | FileCheck %s --check-prefix=LOCKSET
// The same fallback locations, resolved against the symbol table.
// RUN: nm -S %t | grep -E ' lib_(enter|leave)$' > %t.syms
// RUN: %python -c "import re,sys; s={l.split()[3]:(int(l.split()[0],16),int(l.split()[1],16)) for l in open(sys.argv[1])}; t=open(sys.argv[2]).read(); n={'LockAcquire':'lib_enter','LockRelease':'lib_leave'}; print(sorted({(k,s[n[k]][0]<=int(o,16)<s[n[k]][0]+s[n[k]][1]) for k,o in re.findall(r'\"(Lock[A-Za-z]+)\":\{[^}]*\"location\":\"[^\"+]*\+0x([0-9a-f]+)\"',t)}))" %t.syms %t.jsonl | FileCheck %s --check-prefix=INSIDE
//
// LOCKS:      100 "kind":{"LockAcquire":{"lock_id":"mutex@ADDR","lock_type":"Mutex","location":"partial-instrumentation.c.tmp+OFF"}
// LOCKS-NEXT: 100 "kind":{"LockRelease":{"lock_id":"mutex@ADDR","lock_type":"Mutex","location":"partial-instrumentation.c.tmp+OFF"}
// LOCKSET:      200 lock_set:["mutex@ADDR"]
// LOCKSET-NEXT: 1 lock_set:[]
// INSIDE: [('LockAcquire', True), ('LockRelease', True)]

#include <pthread.h>
#include <raceway/raceway.h>

void lib_enter(void);
void lib_leave(void);
RACEWAY_TRACKED(long, shared);

static void *work(void *arg) {
  for (int i = 0; i < 50; i++) {
    lib_enter();
    shared += 1;
    lib_leave();
  }
  return 0;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, work, 0);
  pthread_create(&b, 0, work, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return shared == 100 ? 0 : 1;
}
