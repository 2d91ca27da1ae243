/*
 * spawn_lost.c - the program of test/server/spawn-lost.test: main creates
 * THREADS threads one at a time, each joined before the next (a run that
 * is the same every time), each taking a mutex to count.  Run with
 * `handed` is written by every thread with no lock: ordered by the joins
 * and spawns alone, so the server pairs none of its writes only if each
 * thread's events are ordered after its predecessors'.  Run with
 * RACEWAY_FLUSH_HOLD=1 and a small RACEWAY_MAX_BUFFERED, main's ring is
 * full after the first few dozen threads: their AsyncSpawn (and join)
 * events are dropped, and the runtime must still give each thread's first
 * event a parent the server holds (an event before the spawn: the last
 * event of the thread main joined last) and a vector that, merged with that
 * parent's as the server does, holds the thread's whole one.
 *
 *   spawn_lost [THREADS]   (default 120)
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include <raceway/raceway.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
RACEWAY_TRACKED(long, counter);   /* under m             */
RACEWAY_TRACKED(long, handed);    /* ordered by the joins */

static void *worker(void *arg) {
  (void)arg;
  pthread_mutex_lock(&m);
  counter = counter + 1;
  pthread_mutex_unlock(&m);
  handed = handed + 1;
  return 0;
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 120;
  for (long i = 0; i < n; i++) {
    pthread_t t;
    if (pthread_create(&t, 0, worker, 0) != 0) {
      perror("spawn_lost: pthread_create");
      return 1;
    }
    pthread_join(t, 0);
  }
  printf("counter=%ld handed=%ld\n", counter, handed);
  return counter != n || handed != n;
}
