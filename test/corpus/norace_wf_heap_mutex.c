// Expected: no race (whole-file mode, threads: racy_wf_heap_counter.c with the field under a
// mutex; the locals of each thread are not shared and not instrumented)
// RUN: %rwcc -g -O1 -fplugin=%plugin -mllvm -raceway-track=all %s -o %t %rwlibs
// RUN: %t 2>&1 | FileCheck %s
// CHECK-NOT: WARNING: Raceway
// CHECK: hits 200
// CHECK-NOT: WARNING: Raceway
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct stats { long hits; long misses; pthread_mutex_t lock; };

static void *work(void *arg) {
  struct stats *s = arg;
  for (int i = 0; i < 100; i++) {
    pthread_mutex_lock(&s->lock);
    s->hits++;
    pthread_mutex_unlock(&s->lock);
  }
  return 0;
}

int main(void) {
  struct stats *s = calloc(1, sizeof *s);
  pthread_mutex_init(&s->lock, 0);
  pthread_t a, b;
  pthread_create(&a, 0, work, s);
  pthread_create(&b, 0, work, s);
  pthread_join(a, 0);
  pthread_join(b, 0);
  printf("hits %ld\n", s->hits);
  free(s);
  return 0;
}
