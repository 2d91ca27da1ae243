/* queue.c - jobs left, under a mutex: correctly synchronised. */
#include <pthread.h>
#include "queue.h"

static int pending __attribute__((annotate("raceway")));
static pthread_mutex_t pending_lock = PTHREAD_MUTEX_INITIALIZER;

void queue_fill(int jobs) {
  pthread_mutex_lock(&pending_lock);
  pending = jobs;
  pthread_mutex_unlock(&pending_lock);
}

int queue_take(void) {
  int took = 0;
  pthread_mutex_lock(&pending_lock);
  if (pending > 0) {
    pending--;
    took = 1;
  }
  pthread_mutex_unlock(&pending_lock);
  return took;
}
