/*
 * handoffs.c - the program of the RACEWAY_WIRE_VECTOR tests: a join, a
 * thread created after it (it takes the joined thread's slot), WORKERS
 * threads handing one mutex round and round, and one race (two threads
 * write `racy` with nothing between them).
 *
 *   handoffs [ROUNDS [noreuse]]   (default 50 lock rounds per worker;
 *                                  noreuse: no join and no reused slot)
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <raceway/raceway.h>

#define WORKERS 8

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
RACEWAY_TRACKED(long, counter);   /* under m                  */
RACEWAY_TRACKED(long, handed);    /* ordered by joins         */
RACEWAY_TRACKED(long, racy);      /* the race                 */
static long rounds = 50;

static void *first(void *arg) {
  (void)arg;
  handed = 1;
  return 0;
}

static void *second(void *arg) {   /* after first's join */
  (void)arg;
  handed = handed + 1;
  return 0;
}

static void *worker(void *arg) {
  (void)arg;
  for (long i = 0; i < rounds; i++) {
    pthread_mutex_lock(&m);
    counter = counter + 1;
    pthread_mutex_unlock(&m);
  }
  return 0;
}

static void *racer(void *arg) {
  racy = (long)arg;
  return 0;
}

static void run(void *(*fn)(void *), pthread_t *t, long arg) {
  if (pthread_create(t, 0, fn, (void *)arg) != 0) {
    perror("pthread_create");
    exit(2);
  }
}

int main(int argc, char **argv) {
  pthread_t a, w[WORKERS], r[2];
  if (argc > 1)
    rounds = atol(argv[1]);
  if (argc < 3 || strcmp(argv[2], "noreuse") != 0) {
    run(first, &a, 0);
    pthread_join(a, 0);
    run(second, &a, 0);
    pthread_join(a, 0);
  }
  for (int i = 0; i < WORKERS; i++)
    run(worker, &w[i], 0);
  run(racer, &r[0], 1);
  run(racer, &r[1], 2);
  for (int i = 0; i < WORKERS; i++)
    pthread_join(w[i], 0);
  pthread_join(r[0], 0);
  pthread_join(r[1], 0);
  printf("counter=%ld handed=%ld racy=%ld\n", counter, handed, racy);
  return 0;
}
