/*
 * producer.c - THREADS threads each do WRITES tracked writes to their own
 * element of a tracked array (no race), then main prints "work done" and
 * returns: the runtime's exit path (flush bounded by
 * RACEWAY_SHUTDOWN_TIMEOUT_MS, the accounting line) is what the
 * reliability tests look at.
 *   producer [THREADS [WRITES]]   defaults 2, 200
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_THREADS 64

long slot_value[MAX_THREADS] __attribute__((annotate("raceway")));
static long writes = 200;

static void *work(void *arg) {
  long id = (long)arg;
  for (long i = 0; i < writes; i++)
    slot_value[id] = i;
  return 0;
}

int main(int argc, char **argv) {
  long threads = argc > 1 ? atol(argv[1]) : 2;
  writes = argc > 2 ? atol(argv[2]) : 200;
  if (threads < 1 || threads > MAX_THREADS)
    return 2;
  pthread_t t[MAX_THREADS];
  for (long i = 0; i < threads; i++)
    pthread_create(&t[i], 0, work, (void *)i);
  for (long i = 0; i < threads; i++)
    pthread_join(t[i], 0);
  printf("work done\n");
  fflush(stdout);
  return 0;
}
