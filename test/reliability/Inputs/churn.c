/* churn.c THREADS WRITES - THREADS threads one after another (each joined
 * before the next starts), each making WRITES tracked writes under a lock
 * and one unlocked: a service's connection churn.  Prints "work done". */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

long shared __attribute__((annotate("raceway")));
long unlocked __attribute__((annotate("raceway")));
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static long writes = 20;

static void *work(void *arg) {
  (void)arg;
  for (long i = 0; i < writes; i++) {
    pthread_mutex_lock(&m);
    shared++;
    pthread_mutex_unlock(&m);
  }
  unlocked++;
  return 0;
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 100;
  writes = argc > 2 ? atol(argv[2]) : 20;
  for (long i = 0; i < n; i++) {
    pthread_t t;
    if (pthread_create(&t, 0, work, 0) != 0)
      return 1;
    pthread_join(t, 0);
  }
  printf("work done\n");
  fflush(stdout);
  return 0;
}
