/* A race on a struct member that nothing annotates, for whole-file mode
 * without -g (test report-no-debug): two threads write `stats.made` under
 * different locks.  The second waits for the first on a relaxed atomic flag,
 * which orders nothing, so the race is found every run; no sleeps. */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

struct pool_stats {
  long limit;
  int made;
};
struct pool_stats stats;
static pthread_mutex_t lock_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock_b = PTHREAD_MUTEX_INITIALIZER;
static atomic_int first_done;

static void *worker(void *arg) {
  pthread_mutex_t *m = arg;
  if (m == &lock_b)
    while (!atomic_load_explicit(&first_done, memory_order_relaxed))
      sched_yield();
  pthread_mutex_lock(m);
  stats.made++;
  pthread_mutex_unlock(m);
  if (m == &lock_a)
    atomic_store_explicit(&first_done, 1, memory_order_relaxed);
  return 0;
}

int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, 0, worker, &lock_a);
  pthread_create(&t2, 0, worker, &lock_b);
  pthread_join(t1, 0);
  pthread_join(t2, 0);
  printf("made %d\n", stats.made);
  return 0;
}
