// Threads that ended but are not joined yet keep their slots (nothing
// covers their end), and the encoder kept each one's causality vector for
// its join: 800 threads, each ending before the next starts, the i-th
// knowing the i-1 before it through a mutex, were 800 vectors averaging
// 400 entries, about 22 MiB of encoder state (libmicrohttpd under load
// left 952 such slots: bench/RESULTS.md, races-close).  Past 8 MiB the
// oldest ended threads' vectors are freed (transport/recenc.c): the peak
// stays under 10 MiB, the events stay whole and chained, and the joins at
// the end, whose parents' vectors are gone, send whole vectors.
//
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: rm -f %t.jsonl
// RUN: env RACEWAY_OUTPUT=%t.jsonl RACEWAY_WIRE_VECTOR=delta RACEWAY_DEBUG=1 %t 2> %t.err
// RUN: %python %srcroot/test/tools/check_events.py --canonical %t.jsonl
// RUN: %python %srcroot/test/tools/check_chains.py --exit-line %t.err %t.jsonl
// RUN: FileCheck %s < %t.err
//
// CHECK: raceway: {{[0-9]+}} events: {{.*}} encoder {{[0-9]+}}/{{[0-9][0-9]?[0-9]?[0-9]?}}; slots: {{8[0-9][0-9]}}
#include <pthread.h>
#include <unistd.h>
#include <raceway/raceway.h>
#include "../corpus/Inputs/unseen_io.h"

#define N 800

RACEWAY_TRACKED(long, counter);
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int ended[2];   /* a pipe through raw system calls: tells main a
                          * thread ended, orders nothing */

static void *work(void *arg) {
  pthread_mutex_lock(&lock);
  counter++;
  pthread_mutex_unlock(&lock);
  char c = 1;
  return unseen_write(ended[1], &c, 1) == 1 ? arg : 0;
}

int main(void) {
  static pthread_t t[N];
  pthread_attr_t small;
  pthread_attr_init(&small);
  pthread_attr_setstacksize(&small, 64 * 1024);
  if (pipe(ended))
    return 2;
  for (int i = 0; i < N; i++) {
    char c;
    if (pthread_create(&t[i], &small, work, 0) || unseen_read(ended[0], &c, 1) != 1)
      return 3;
  }
  for (int i = 0; i < N; i++)
    pthread_join(t[i], 0);
  pthread_mutex_lock(&lock);
  long v = counter;
  pthread_mutex_unlock(&lock);
  return v == N ? 0 : 1;
}
