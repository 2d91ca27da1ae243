/* Locks taken outside instrumented code (no pass call site): the
 * interceptors' lazy path (e2e/lazy-locks.c). */
#include <pthread.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
static pthread_rwlock_t b = PTHREAD_RWLOCK_INITIALIZER;
static pthread_spinlock_t c;
static pthread_mutex_t r;           /* recursive */
static pthread_mutex_t quiet = PTHREAD_MUTEX_INITIALIZER;

void locks_init(void) {
  pthread_mutexattr_t at;
  pthread_spin_init(&c, 0);
  pthread_mutexattr_init(&at);
  pthread_mutexattr_settype(&at, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&r, &at);
}

void quiet_pairs(int n) {
  for (int i = 0; i < n; i++) {
    pthread_mutex_lock(&quiet);
    pthread_mutex_unlock(&quiet);
  }
}

void lock_all(void) {
  pthread_mutex_lock(&a);
  pthread_rwlock_rdlock(&b);
  pthread_spin_lock(&c);
  pthread_mutex_lock(&r);
  pthread_mutex_lock(&r);
}

void unlock_r_then_a(void) {
  pthread_mutex_unlock(&r);
  pthread_mutex_unlock(&a);         /* not the newest: non-LIFO */
}

void unlock_rest(void) {
  pthread_mutex_unlock(&r);
  pthread_spin_unlock(&c);
  pthread_rwlock_unlock(&b);
}
