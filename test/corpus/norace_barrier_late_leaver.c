// Expected: no race (issue #15: barrier generations.  As
// racy_barrier_late_leaver.c, but B reads y, which A wrote before
// generation 1: leaving generation 1 late still orders B after A's arrival)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#define _GNU_SOURCE
#include "Inputs/corpus.h"
#include "Inputs/blocked.h"
#include <signal.h>
RACEWAY_TRACKED(int, x);
RACEWAY_TRACKED(int, y);
static pthread_barrier_t bar;   /* count 2 */
static volatile int tid_a, tid_b;
static CORPUS_UNSEEN void hold(int sig) {
  (void)sig;
  step_wait(3);
}
static void *thread_a(void *arg) {
  put_int(&tid_a, my_tid());
  step_wait(1);
  y = 1;
  pthread_barrier_wait(&bar);   /* generation 1, with B */
  x = 1;
  step_go(2);
  pthread_barrier_wait(&bar);   /* generation 2, with C */
  return 0;
}
static void *thread_b(void *arg) {
  put_int(&tid_b, my_tid());
  pthread_barrier_wait(&bar);   /* generation 1, left late */
  return (void *)(long)y;
}
static void *thread_c(void *arg) {
  pthread_barrier_wait(&bar);   /* generation 2 */
  return (void *)(long)x;       /* ordered: A arrived at generation 2 */
}
int main(void) {
  signal(SIGUSR1, hold);
  pthread_barrier_init(&bar, 0, 2);
  pthread_t b = spawn(thread_b, 0), a = spawn(thread_a, 0);
  while (!get_int(&tid_b) || !get_int(&tid_a))
    sched_yield();
  wait_blocked(get_int(&tid_b));
  pthread_kill(b, SIGUSR1);     /* runs as B returns from the futex */
  step_go(1);
  step_wait(2);
  wait_blocked(get_int(&tid_a));
  pthread_t c = spawn(thread_c, 0);
  pthread_join(c, 0);
  pthread_join(a, 0);
  step_go(3);
  pthread_join(b, 0);
  return DONE();
}
