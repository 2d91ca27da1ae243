/* counter.c - two workers bump a tracked counter; `hits` is racy, `total`
 * is protected by a named mutex.  Raceway reports the race on `hits` only. */
#include <pthread.h>
#include <stdio.h>
#include <raceway/raceway.h>

enum { ROUNDS = 1000 };

static RACEWAY_TRACKED(long, hits);
static RACEWAY_TRACKED(long, total);
static pthread_mutex_t total_lock = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *arg) {
  (void)arg;
  for (int i = 0; i < ROUNDS; i++) {
    hits++; /* no lock: the race */
    pthread_mutex_lock(&total_lock);
    total++;
    pthread_mutex_unlock(&total_lock);
  }
  return NULL;
}

int main(void) {
  pthread_t a, b;
  raceway_name_lock(&total_lock, "total_lock");
  if (pthread_create(&a, NULL, worker, NULL) || pthread_create(&b, NULL, worker, NULL)) {
    perror("pthread_create");
    return 1;
  }
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("counter: hits=%ld total=%ld\n", hits, total);
  return 0;
}
