// Every fence instruction gives a MemoryFence event with its ordering
// (consume is promoted to acquire by clang) and the fence's location; a
// relaxed fence is not a fence instruction at all and gives nothing
// (fences-hb.c checks the happens-before side).
//
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: rm -f %t.jsonl
// RUN: env RACEWAY_OUTPUT=%t.jsonl %t
// RUN: %python %srcroot/test/tools/check_events.py --canonical %t.jsonl
// RUN: grep -o '"kind":{"[A-Za-z]*":{[^}]*}' %t.jsonl | FileCheck %s

#include <stdatomic.h>
#include <raceway/raceway.h>

RACEWAY_TRACKED(int, v);

int main(void) {
  v = 1;                                      // CHECK: "StateChange":{"variable":"v"
  atomic_thread_fence(memory_order_relaxed);
  atomic_thread_fence(memory_order_consume);  // CHECK-NEXT: "MemoryFence":{"ordering":"Acquire","location":"{{.*}}fences.c:[[@LINE]]:3"}
  atomic_thread_fence(memory_order_acquire);  // CHECK-NEXT: "MemoryFence":{"ordering":"Acquire","location":"{{.*}}fences.c:[[@LINE]]:3"}
  atomic_thread_fence(memory_order_release);  // CHECK-NEXT: "MemoryFence":{"ordering":"Release","location":"{{.*}}fences.c:[[@LINE]]:3"}
  atomic_thread_fence(memory_order_acq_rel);  // CHECK-NEXT: "MemoryFence":{"ordering":"AcqRel","location":"{{.*}}fences.c:[[@LINE]]:3"}
  atomic_thread_fence(memory_order_seq_cst);  // CHECK-NEXT: "MemoryFence":{"ordering":"SeqCst","location":"{{.*}}fences.c:[[@LINE]]:3"}
  __atomic_thread_fence(__ATOMIC_SEQ_CST);    // CHECK-NEXT: "MemoryFence":{"ordering":"SeqCst","location":"{{.*}}fences.c:[[@LINE]]:3"}
  __sync_synchronize();                       // CHECK-NEXT: "MemoryFence":{"ordering":"SeqCst","location":"{{.*}}fences.c:[[@LINE]]:3"}
  atomic_signal_fence(memory_order_seq_cst);  /* single-thread scope: not a thread fence */
  v = 2;                                      // CHECK-NEXT: "StateChange":{"variable":"v"
  return 0;
}
