// Expected: RACE (issue #15: barrier generations.  B and A meet at
// generation 1; A then writes x and meets C at generation 2, while B has
// not left generation 1 yet (held in a signal handler).  B's read of x
// after generation 1 is unordered with A's write: leaving generation 1
// late must not "know" what was released into generation 2)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// CHECK: WARNING: Raceway: data race on x
#define _GNU_SOURCE
#include "Inputs/corpus.h"
#include "Inputs/blocked.h"
#include <signal.h>
RACEWAY_TRACKED(int, x);
static pthread_barrier_t bar;   /* count 2 */
static volatile int tid_a, tid_b;
static CORPUS_UNSEEN void hold(int sig) {
  (void)sig;
  step_wait(3);
}
static void *thread_a(void *arg) {
  put_int(&tid_a, my_tid());
  step_wait(1);
  pthread_barrier_wait(&bar);   /* generation 1, with B */
  x = 1; // CHECK-DAG: {{[Ww]}}rite of 4 bytes {{.*}}racy_barrier_late_leaver.c:[[@LINE]]:
  step_go(2);
  pthread_barrier_wait(&bar);   /* generation 2, with C */
  return 0;
}
static void *thread_b(void *arg) {
  put_int(&tid_b, my_tid());
  pthread_barrier_wait(&bar);   /* generation 1, left late */
  return (void *)(long)x; // CHECK-DAG: {{[Rr]}}ead of 4 bytes {{.*}}racy_barrier_late_leaver.c:[[@LINE]]:
}
static void *thread_c(void *arg) {
  pthread_barrier_wait(&bar);   /* generation 2 */
  return 0;
}
int main(void) {
  signal(SIGUSR1, hold);
  pthread_barrier_init(&bar, 0, 2);
  pthread_t b = spawn(thread_b, 0), a = spawn(thread_a, 0);
  while (!get_int(&tid_b) || !get_int(&tid_a))
    sched_yield();
  wait_blocked(get_int(&tid_b));          /* B arrived at generation 1 */
  pthread_kill(b, SIGUSR1);     /* runs as B returns from the futex */
  step_go(1);                   /* A completes generation 1 ... */
  step_wait(2);
  wait_blocked(get_int(&tid_a));          /* ... writes x and waits in generation 2 */
  pthread_t c = spawn(thread_c, 0);
  pthread_join(c, 0);
  pthread_join(a, 0);
  step_go(3);                   /* B leaves generation 1 now */
  pthread_join(b, 0);
  return DONE();
}
// CHECK: Raceway: 1 data race (1 occurrence) on 1 variable
