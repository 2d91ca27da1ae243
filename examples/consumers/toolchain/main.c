/* main.c - a pretend server: workers take jobs and count requests. */
#include <pthread.h>
#include <stdio.h>
#include "queue.h"
#include "stats.h"

enum { WORKERS = 3, JOBS = 3000 };

static void *worker(void *arg) {
  long served = 0;
  (void)arg;
  while (queue_take())
    served++;
  stats_add_requests(served);
  return NULL;
}

int main(void) {
  pthread_t threads[WORKERS];
  queue_fill(JOBS);
  for (int i = 0; i < WORKERS; i++)
    if (pthread_create(&threads[i], NULL, worker, NULL)) {
      perror("pthread_create");
      return 1;
    }
  for (int i = 0; i < WORKERS; i++)
    pthread_join(threads[i], NULL);
  printf("server: %ld requests\n", stats_requests());
  return 0;
}
