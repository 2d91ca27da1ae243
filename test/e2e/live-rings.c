// Rings of many live threads (issue #13): 50 threads alive at once, each
// recording more events than a full ring holds while the flusher is held
// (RACEWAY_FLUSH_HOLD: nothing drains before exit, so every ring fills).
// Rings start at 256 records and grow only while all rings together stay
// under 1/16 of the budget: at the default 128 MiB, the rings' peak stays
// under 8 MiB plus 32 KiB per thread (256 records and their extras area;
// before: 50 full rings of 8192 records, 25,600 KiB, and their extras from
// malloc), and extras are not taken from malloc and the budget's extras
// part at all.  The exit line still adds up.
//
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: rm -f %t.jsonl
// RUN: env RACEWAY_OUTPUT=%t.jsonl RACEWAY_FLUSH_HOLD=1 RACEWAY_DEBUG=1 %t 2> %t.err
// RUN: %python %srcroot/test/tools/check_chains.py --exit-line %t.err %t.jsonl
// RUN: %python %S/Inputs/budget_peaks.py %t.err rings=9792 extras=0 | FileCheck %s
// RUN: FileCheck --check-prefix=ERR %s < %t.err
//
// CHECK: rings ok
// CHECK: extras ok
// ERR-NOT: data race
// ERR: raceway: {{[0-9]+}} events: {{[0-9]+}} delivered, {{[1-9][0-9]*}} dropped
#include <pthread.h>
#include <raceway/raceway.h>

#define THREADS 50
#define ITERS 4000

RACEWAY_TRACKED(long, hits);
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t start, done;

static void *worker(void *arg) {
  (void)arg;
  pthread_barrier_wait(&start);   /* every thread alive before any records */
  for (int i = 0; i < ITERS; i++) {
    pthread_mutex_lock(&lock);
    hits++;
    hits++;
    pthread_mutex_unlock(&lock);
  }
  pthread_barrier_wait(&done);    /* and alive until all have recorded */
  return 0;
}

int main(void) {
  pthread_t t[THREADS];
  pthread_barrier_init(&start, 0, THREADS);
  pthread_barrier_init(&done, 0, THREADS);
  for (int i = 0; i < THREADS; i++)
    pthread_create(&t[i], 0, worker, 0);
  for (int i = 0; i < THREADS; i++)
    pthread_join(t[i], 0);
  return hits == 2L * THREADS * ITERS ? 0 : 1;
}
