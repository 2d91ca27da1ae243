// The shadow table keeps every address it ever tracked (a cell's key is never
// released; freeing the memory only clears its accesses), so a program with
// one tracked object alive at a time fills it when malloc hands out new
// addresses.  nng's reconnect stress test did (docs/real-projects.md): the
// line now says that freed memory's addresses count, which a user with few
// live objects would not guess.
//
// UNSUPPORTED: sanitize
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_SEND=none RACEWAY_MAX_SHADOW=4096 %t 2> %t.err
// RUN: FileCheck %s < %t.err
// CHECK: Raceway: shadow table full (4096 addresses, RACEWAY_MAX_SHADOW); new addresses are not checked for races (every address ever tracked counts, freed memory's too)
// CHECK: Raceway: {{[0-9]+}} accesses to new addresses were not checked (shadow table full at 4096 addresses)
#include <pthread.h>
#include <stdlib.h>

struct obj {
  __attribute__((annotate("raceway"))) long v[16];
};

static void *use(void *arg) {
  struct obj *o = arg;
  for (int i = 0; i < 16; i++)
    o->v[i] = i;
  return 0;
}

int main(void) {
  /* 1000 objects of 16 tracked words, one alive at a time; an untracked
   * block of the same size takes each freed object's place, so the next
   * object gets a new address. */
  void *keep[1000];
  for (int n = 0; n < 1000; n++) {
    struct obj *o = malloc(sizeof *o);
    pthread_t t;
    pthread_create(&t, 0, use, o);
    pthread_join(t, 0);
    free(o);
    keep[n] = malloc(sizeof(struct obj));
  }
  for (int n = 0; n < 1000; n++)
    free(keep[n]);
  return 0;
}
