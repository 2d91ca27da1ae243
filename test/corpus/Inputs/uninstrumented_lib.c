/*
 * uninstrumented_lib.c - a library built WITHOUT the Raceway plugin: it
 * creates threads and takes locks itself, and calls back into the
 * (instrumented) program.  The runtime still sees its pthread calls
 * through the interceptors.
 */
#include <pthread.h>

typedef void (*lib_callback)(void);

static pthread_mutex_t lib_lock = PTHREAD_MUTEX_INITIALIZER;
static lib_callback current;
static int locked;

static void *lib_worker(void *arg) {
  (void)arg;
  for (int i = 0; i < 10; i++) {
    if (locked)
      pthread_mutex_lock(&lib_lock);
    current();
    if (locked)
      pthread_mutex_unlock(&lib_lock);
  }
  return 0;
}

/* Run cb ten times on each of n library threads; with_lock: under the
 * library's own mutex. */
void lib_run_callbacks(lib_callback cb, int n, int with_lock) {
  pthread_t t[8];
  if (n > 8)
    n = 8;
  current = cb;
  locked = with_lock;
  for (int i = 0; i < n; i++)
    pthread_create(&t[i], 0, lib_worker, 0);
  for (int i = 0; i < n; i++)
    pthread_join(t[i], 0);
}
