// C11 _Atomic tracked state and the atomic builtins, end to end: each
// operation gives one StateChange with the exact access_type and values.
//   AtomicRead  : old_value null, new_value = the value loaded
//   AtomicWrite : new_value = the value stored; every store here overwrites
//                 0 (a store over a non-zero value: atomics-store-old.c)
//   AtomicRMW   : old_value -> new_value (fetch_*, exchange, x op= y on
//                 an _Atomic, cmpxchg that succeeded)
//   failed cmpxchg (strong, weak, __sync_*): AtomicRead of the current value
// Nothing here races: single thread, so no race report.
//
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: rm -f %t.jsonl
// RUN: env RACEWAY_OUTPUT=%t.jsonl %t 2>%t.err | FileCheck %s --check-prefix=OUT
// RUN: %python %srcroot/test/tools/check_events.py --canonical %t.jsonl
// RUN: %python %srcroot/test/tools/check_chains.py --expect-threads 1 --expect-roots 1 %t.jsonl
// RUN: grep -o '"StateChange":{[^}]*}' %t.jsonl > %t.kinds
// RUN: FileCheck %s --input-file=%t.kinds
// RUN: grep -c StateChange %t.jsonl | FileCheck %s --check-prefix=COUNT
// RUN: not grep -i race %t.err
//
// COUNT: {{^}}21{{$}}
// OUT: v=5 o=5 ok=1,0,1,0 exp=20,21 pl=21 g=100,100,90,7,8,0 f=3 c=30

#include <stdatomic.h>
#include <stdio.h>
#include <raceway/raceway.h>

RACEWAY_TRACKED(_Atomic long, ga);
RACEWAY_TRACKED(long, gp);          /* plain long, used with __atomic/__sync */
struct S {
  int pad;
  RACEWAY_TRACKED(_Atomic int, f);
};
struct S s = {0, 2};                /* a relaxed store's old value is read */
RACEWAY_TRACKED(_Atomic unsigned char, c);

int main(void) {
  raceway_name_object(&s, "s");
  atomic_store(&ga, 5);                          // CHECK: {"variable":"ga","old_value":0,"new_value":5,"location":"{{.*}}atomics.c:[[@LINE]]:{{[0-9]+}}","access_type":"AtomicWrite"}
  long v = atomic_load(&ga);                     // CHECK-NEXT: {"variable":"ga","old_value":null,"new_value":5,"location":"{{.*}}atomics.c:[[@LINE]]:{{[0-9]+}}","access_type":"AtomicRead"}
  long o = atomic_fetch_add(&ga, 3);             // CHECK-NEXT: {"variable":"ga","old_value":5,"new_value":8,"location":"{{.*}}atomics.c:[[@LINE]]:{{[0-9]+}}","access_type":"AtomicRMW"}
  long exp = 8;
  _Bool ok1 = atomic_compare_exchange_strong(&ga, &exp, 20);   // CHECK-NEXT: {"variable":"ga","old_value":8,"new_value":20,"location":"{{.*}}atomics.c:[[@LINE]]:{{[0-9]+}}","access_type":"AtomicRMW"}
  exp = 7;
  _Bool ok2 = atomic_compare_exchange_strong(&ga, &exp, 30);   // CHECK-NEXT: {"variable":"ga","old_value":null,"new_value":20,"location":"{{.*}}atomics.c:[[@LINE]]:{{[0-9]+}}","access_type":"AtomicRead"}
  long exp2 = 20;
  _Bool ok3 = 0;
  while (!ok3)                                   /* weak may fail spuriously */
    ok3 = atomic_compare_exchange_weak(&ga, &exp2, 21);        // CHECK-NEXT: {"variable":"ga","old_value":20,"new_value":21,"location":"{{.*}}atomics.c:[[@LINE]]:{{[0-9]+}}","access_type":"AtomicRMW"}
  long exp3 = 1;
  _Bool ok4 = atomic_compare_exchange_weak(&ga, &exp3, 40);    // CHECK-NEXT: {"variable":"ga","old_value":null,"new_value":21,"location":"{{.*}}atomics.c:[[@LINE]]:{{[0-9]+}}","access_type":"AtomicRead"}
  long pl = ga;                                  // CHECK-NEXT: {"variable":"ga","old_value":null,"new_value":21,"location":"{{.*}}atomics.c:[[@LINE]]:{{[0-9]+}}","access_type":"AtomicRead"}
  ga += 2;                                       // CHECK-NEXT: {"variable":"ga","old_value":21,"new_value":23,"location":"{{.*}}atomics.c:[[@LINE]]:{{[0-9]+}}","access_type":"AtomicRMW"}
  __atomic_store_n(&gp, 100, __ATOMIC_RELEASE);  // CHECK-NEXT: {"variable":"gp","old_value":0,"new_value":100,"location":"{{.*}}atomics.c:[[@LINE]]:{{[0-9]+}}","access_type":"AtomicWrite"}
  long g2 = __atomic_load_n(&gp, __ATOMIC_ACQUIRE);            // CHECK-NEXT: {"variable":"gp","old_value":null,"new_value":100,"location":"{{.*}}atomics.c:[[@LINE]]:{{[0-9]+}}","access_type":"AtomicRead"}
  long g3 = __atomic_fetch_sub(&gp, 10, __ATOMIC_RELAXED);     // CHECK-NEXT: {"variable":"gp","old_value":100,"new_value":90,"location":"{{.*}}atomics.c:[[@LINE]]:{{[0-9]+}}","access_type":"AtomicRMW"}
  long g4 = __atomic_exchange_n(&gp, 7, __ATOMIC_SEQ_CST);     // CHECK-NEXT: {"variable":"gp","old_value":90,"new_value":7,"location":"{{.*}}atomics.c:[[@LINE]]:{{[0-9]+}}","access_type":"AtomicRMW"}
  long g5 = __sync_fetch_and_add(&gp, 1);        // CHECK-NEXT: {"variable":"gp","old_value":7,"new_value":8,"location":"{{.*}}atomics.c:[[@LINE]]:{{[0-9]+}}","access_type":"AtomicRMW"}
  long g6 = __sync_val_compare_and_swap(&gp, 8, 9);            // CHECK-NEXT: {"variable":"gp","old_value":8,"new_value":9,"location":"{{.*}}atomics.c:[[@LINE]]:{{[0-9]+}}","access_type":"AtomicRMW"}
  _Bool g7 = __sync_bool_compare_and_swap(&gp, 1, 2);          // CHECK-NEXT: {"variable":"gp","old_value":null,"new_value":9,"location":"{{.*}}atomics.c:[[@LINE]]:{{[0-9]+}}","access_type":"AtomicRead"}
  atomic_store_explicit(&s.f, 3, memory_order_relaxed);        // CHECK-NEXT: {"variable":"s.f","old_value":2,"new_value":3,"location":"{{.*}}atomics.c:[[@LINE]]:{{[0-9]+}}","access_type":"AtomicWrite"}
  int f = atomic_fetch_or(&s.f, 4);              // CHECK-NEXT: {"variable":"s.f","old_value":3,"new_value":7,"location":"{{.*}}atomics.c:[[@LINE]]:{{[0-9]+}}","access_type":"AtomicRMW"}
  atomic_fetch_sub(&s.f, 10);                    // CHECK-NEXT: {"variable":"s.f","old_value":7,"new_value":-3,"location":"{{.*}}atomics.c:[[@LINE]]:{{[0-9]+}}","access_type":"AtomicRMW"}
  c = 250;                                       // CHECK-NEXT: {"variable":"c","old_value":0,"new_value":250,"location":"{{.*}}atomics.c:[[@LINE]]:{{[0-9]+}}","access_type":"AtomicWrite"}
  int cv = (c += 36);                                      // CHECK-NEXT: {"variable":"c","old_value":250,"new_value":30,"location":"{{.*}}atomics.c:[[@LINE]]:{{[0-9]+}}","access_type":"AtomicRMW"}
  // CHECK-NOT: StateChange
  printf("v=%ld o=%ld ok=%d,%d,%d,%d exp=%ld,%ld pl=%ld g=%ld,%ld,%ld,%ld,%ld,%d f=%d c=%d\n",
         v, o, ok1, ok2, ok3, ok4, exp, exp3, pl, g2, g3, g4, g5, g6, g7, f, cv);
  return 0;
}
