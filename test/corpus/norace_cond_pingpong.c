// Expected: no race (cond.c: ping-pong under a mutex with wait/broadcast)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
RACEWAY_TRACKED(int, x);
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static void *ping(void *arg) {
  int me = (int)(long)arg;
  for (int i = 0; i < 20; i++) {
    pthread_mutex_lock(&m);
    while (x % 2 != me)
      pthread_cond_wait(&c, &m);
    x++;
    pthread_cond_broadcast(&c);
    pthread_mutex_unlock(&m);
  }
  return 0;
}
int main(void) {
  pthread_t a = spawn(ping, (void *)0), b = spawn(ping, (void *)1);
  pthread_join(a, 0);
  pthread_join(b, 0);
  printf("%d\n", x);
  return DONE();
}
