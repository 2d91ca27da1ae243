// Expected: no race (barrier.cpp: stencil phases separated by pthread_barrier_wait)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
#define N 4
int data[2][N] RACEWAY_TRACK;
static pthread_barrier_t bar;
static void *stencil(void *arg) {
  int i = (int)(long)arg;
  for (int it = 0; it < 5; it++) {
    int cur = it % 2, nxt = 1 - cur;
    data[nxt][i] = data[cur][i] + data[cur][(i + 1) % N];
    pthread_barrier_wait(&bar);
  }
  return 0;
}
int main(void) {
  pthread_t t[N];
  pthread_barrier_init(&bar, 0, N);
  for (long i = 0; i < N; i++)
    t[i] = spawn(stencil, (void *)i);
  for (int i = 0; i < N; i++)
    pthread_join(t[i], 0);
  pthread_barrier_destroy(&bar);
  return DONE();
}
