// Expected: RACE (whole-file mode, threads: two threads add to a field of a heap object
// without a lock; nothing is annotated)
// RUN: %rwcc -g -O1 -fplugin=%plugin -mllvm -raceway-track=all %s -o %t %rwlibs
// RUN: %t 2>&1 | FileCheck %s
// CHECK: WARNING: Raceway: data race on {{.*}}hits
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct stats { long hits; long misses; };

static void *work(void *arg) {
  struct stats *s = arg;
  for (int i = 0; i < 100; i++)
    s->hits++;
  return 0;
}

int main(void) {
  struct stats *s = calloc(1, sizeof *s);
  pthread_t a, b;
  pthread_create(&a, 0, work, s);
  pthread_create(&b, 0, work, s);
  pthread_join(a, 0);
  pthread_join(b, 0);
  printf("hits %ld\n", s->hits);
  free(s);
  return 0;
}
