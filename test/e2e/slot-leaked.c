// Threads that are neither joined nor detached until the very end (the
// program leaks them): 3,000 of them, one after another, each taking a
// lock, and a joined worker beside each.  No clock covers a leaked
// thread's end, so before, each kept a slot of its own (3,002 slots); now
// one that ended RW_SLOTS_LEAKED_AGE (1,024) slot claims ago and is still
// not joined is presumed leaked, swept like a detached thread, and its
// slot taken by a later thread (capture/slots.h): far fewer slots.
//
// The joins at the end must still work and order: main reads `counter`
// without the lock after joining every leaked thread (no race); but the
// racer, created after the sweeps (in a swept slot, or another), is not
// joined before main writes `late`: the joins of swept threads, whose final
// clocks name their slots' old epochs, must not order main after the racer
// in such a slot (one race, on `late`).
//
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_SEND=none RACEWAY_DEBUG=1 %t 2> %t.err
// RUN: FileCheck %s < %t.err
// RUN: rm -f %t.jsonl
// RUN: env RACEWAY_OUTPUT=%t.jsonl RACEWAY_DEBUG=1 %t 2> %t.all.err
// RUN: FileCheck %s < %t.all.err
// RUN: %python %srcroot/test/tools/check_chains.py --exit-line %t.all.err %t.jsonl
//
// CHECK-NOT: data race on counter
// CHECK: WARNING: Raceway: data race on late
// CHECK-NOT: data race on counter
// CHECK: Raceway: 1 data race
// Under 2,000 slots for 6,002 threads, half of them leaked:
// CHECK: raceway: {{[0-9]+}} events: {{.*}}; slots: {{1?[0-9]?[0-9]?[0-9]}}, rings given up: {{[0-9]+}}, sweeps: {{[1-9][0-9]*}}
// CHECK-SAME: threads presumed leaked: {{[1-9][0-9][0-9][0-9]?}}
#include <pthread.h>
#include <unistd.h>
#include <raceway/raceway.h>
#include "../corpus/Inputs/unseen_io.h"

#define LEAKED 3000

RACEWAY_TRACKED(long, counter);
RACEWAY_TRACKED(int, late);
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int wrote[2], finish[2];   /* pipes, through raw system calls: they order nothing */

static void *work(void *arg) {
  pthread_mutex_lock(&lock);
  counter++;
  pthread_mutex_unlock(&lock);
  return arg;
}

static void *racer(void *arg) {
  char c = 1;
  late = 1;
  if (unseen_write(wrote[1], &c, 1) != 1 || unseen_read(finish[0], &c, 1) != 1)
    return arg;
  return 0;
}

int main(void) {
  static pthread_t leaked[LEAKED];
  pthread_attr_t small;   /* 3,000 threads not joined keep their stacks */
  pthread_attr_init(&small);
  pthread_attr_setstacksize(&small, 64 * 1024);
  if (pipe(wrote) || pipe(finish))
    return 2;
  for (int i = 0; i < LEAKED; i++) {
    pthread_t w;
    if (pthread_create(&leaked[i], &small, work, 0) || pthread_create(&w, &small, work, 0))
      return 3;
    pthread_join(w, 0);
  }
  pthread_t r;
  pthread_create(&r, 0, racer, 0);
  char c;
  if (unseen_read(wrote[0], &c, 1) != 1)
    return 4;
  int bad = 0;
  for (int i = 0; i < LEAKED; i++)
    bad |= pthread_join(leaked[i], 0) != 0;
  bad |= counter != 2 * LEAKED;   /* ordered after every update: no race */
  late = 2;                       /* not ordered after the racer's write */
  if (unseen_write(finish[1], &c, 1) != 1)
    return 5;
  pthread_join(r, 0);
  return bad;
}
