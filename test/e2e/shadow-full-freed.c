// The shadow table's capacity counts live addresses: freeing memory frees
// its cells (tombs, reused by later addresses), so a program with one
// tracked object alive at a time never fills it, however many new
// addresses malloc hands out.  nng's reconnect stress test filled the
// default 131,072 addresses with the addresses of objects freed long ago
// (docs/real-projects.md, "nng"); from then on new addresses went
// unchecked.  Here 1,000 objects of 16 tracked words at new addresses
// (16,000 addresses) pass through a table of 4,096, and a race on the
// last one, at an address never seen before, is still found.
//
// UNSUPPORTED: sanitize
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_SEND=none RACEWAY_MAX_SHADOW=4096 %t 2> %t.err
// RUN: FileCheck %s < %t.err
// CHECK-NOT: shadow table full
// CHECK: WARNING: Raceway: data race on {{.*}}v[3]
// CHECK-NOT: shadow table full
// CHECK-NOT: not checked
// The debug exit line's peak of live addresses: one object's 16 (and the
// racing one's), not the 16,000 that passed through.
// RUN: env RACEWAY_SEND=none RACEWAY_MAX_SHADOW=4096 RACEWAY_DEBUG=1 %t 2> %t.dbg
// RUN: FileCheck --check-prefix=DBG %s < %t.dbg
// DBG: raceway: {{[0-9]+}} events: {{.*}}; shadow addresses: 0 live, peak {{[1-9][0-9]?}} of 4096
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

static void *poke(void *arg) {
  ((struct obj *)arg)->v[3] = 7;
  return 0;
}

int main(void) {
  /* One object alive at a time; an untracked block of the same size takes
   * each freed object's place, so the next object gets a new address. */
  void *keep[1000];
  for (int n = 0; n < 1000; n++) {
    struct obj *o = malloc(sizeof *o);
    pthread_t t;
    pthread_create(&t, 0, use, o);
    pthread_join(t, 0);
    free(o);
    keep[n] = malloc(sizeof(struct obj));
  }
  /* A fresh object written by two threads that nothing orders. */
  struct obj *o = malloc(sizeof *o);
  pthread_t t;
  pthread_create(&t, 0, poke, o);
  o->v[3] = 8;
  pthread_join(t, 0);
  free(o);
  for (int n = 0; n < 1000; n++)
    free(keep[n]);
  return 0;
}
