/* main.c - four clerks: each receives stock under the program's lock and
 * sells without one.  The lock is taken here, in code compiled without the
 * plugin; the runtime sees it only if its interceptors come before the C
 * library's.  Expected: a race on `sold`, none on `on_hand`. */
#include <pthread.h>
#include <stdio.h>

#include "stock.h"

enum { CLERKS = 4, ROUNDS = 500 };

static pthread_mutex_t stock_lock = PTHREAD_MUTEX_INITIALIZER;

static void *clerk(void *arg) {
  (void)arg;
  for (int i = 0; i < ROUNDS; i++) {
    pthread_mutex_lock(&stock_lock);
    stock_receive(2);
    pthread_mutex_unlock(&stock_lock);
    stock_sell();
  }
  return NULL;
}

int main(void) {
  pthread_t t[CLERKS];
  for (int i = 0; i < CLERKS; i++)
    if (pthread_create(&t[i], NULL, clerk, NULL)) {
      perror("pthread_create");
      return 1;
    }
  for (int i = 0; i < CLERKS; i++)
    pthread_join(t[i], NULL);
  printf("inventory: on_hand=%ld sold=%ld\n", stock_on_hand(), stock_sold());
  return 0;
}
