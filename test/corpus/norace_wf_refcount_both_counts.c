// Expected: no race (whole-file mode: libstdc++'s shared_ptr release.  An
// owner drops its use count with an acq_rel fetch_add(-1); the last owner
// reads both counts with one 8-byte acquire load, finds itself alone, and
// clears them with plain stores before freeing.  The load reads the other
// owner's decrement, so the stores and the free are ordered after it)
// RUN: %rwcc -g -O1 -fplugin=%plugin -mllvm -raceway-track=all %s -o %t %rwlibs
// RUN: %t 2>&1 | FileCheck %s
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct counted { void *vptr; int use; int weak; };

static void release(struct counted *c) {
  long long unique = 1LL + (1LL << 32);   /* use == 1 and weak == 1 */
  if (__atomic_load_n((long long *)&c->use, __ATOMIC_ACQUIRE) == unique) {
    c->weak = c->use = 0;
    free(c);
    return;
  }
  if (__atomic_fetch_add(&c->use, -1, __ATOMIC_ACQ_REL) == 1 &&
      __atomic_fetch_add(&c->weak, -1, __ATOMIC_ACQ_REL) == 1)
    free(c);
}

static void *owner(void *arg) {
  release(arg);
  return 0;
}

int main(void) {
  for (int round = 0; round < 50; round++) {
    struct counted *c = calloc(1, sizeof *c);
    c->use = 2;
    c->weak = 1;
    pthread_t t;
    pthread_create(&t, 0, owner, c);
    release(c);
    pthread_join(t, 0);
  }
  printf("DONE\n");
  return 0;
}
