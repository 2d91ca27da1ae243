/*
 * churn.c - many short-lived threads: TOTAL threads, created AT_ONCE at a
 * time (create AT_ONCE, join them, repeat); each locks one mutex,
 * increments one tracked counter and exits.  Measures the per-thread
 * set-up and tear-down cost of the runtime and whether per-thread memory
 * is given back.
 *
 *   churn TOTAL AT_ONCE
 *
 * Prints the counter and checks it.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#ifdef RACEWAY_BENCH
#include <raceway/raceway.h>
#else
#define RACEWAY_TRACKED(type, name) type name
#endif

static RACEWAY_TRACKED(long, counter);
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *arg) {
  (void)arg;
  pthread_mutex_lock(&lock);
  counter++;
  pthread_mutex_unlock(&lock);
  return 0;
}

int main(int argc, char **argv) {
  long total = argc > 1 ? atol(argv[1]) : 100000;
  long at_once = argc > 2 ? atol(argv[2]) : 8;
  if (total < 1 || at_once < 1 || at_once > 1024) {
    fprintf(stderr, "usage: %s TOTAL AT_ONCE(1..1024)\n", argv[0]);
    return 2;
  }
  pthread_t tid[1024];
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 256 * 1024);
  for (long done = 0; done < total;) {
    long n = total - done < at_once ? total - done : at_once;
    for (long i = 0; i < n; i++)
      if (pthread_create(&tid[i], &attr, worker, 0) != 0) {
        perror("churn: pthread_create");
        return 1;
      }
    for (long i = 0; i < n; i++)
      pthread_join(tid[i], 0);
    done += n;
  }
  if (counter != total) {
    fprintf(stderr, "churn: counter %ld, expected %ld\n", counter, total);
    return 1;
  }
  printf("threads=%ld counter=%ld\n", total, counter);
  return 0;
}
