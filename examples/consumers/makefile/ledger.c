/* ledger.c - deposits take the lock; ledger_peek, a "harmless" fast path
 * for monitoring, reads without it. */
#include <pthread.h>
#include "ledger.h"

static long balance __attribute__((annotate("raceway")));
static pthread_mutex_t ledger_lock = PTHREAD_MUTEX_INITIALIZER;

void ledger_deposit(long amount) {
  pthread_mutex_lock(&ledger_lock);
  balance += amount;
  pthread_mutex_unlock(&ledger_lock);
}

long ledger_peek(void) { return balance; }

long ledger_balance(void) {
  pthread_mutex_lock(&ledger_lock);
  long b = balance;
  pthread_mutex_unlock(&ledger_lock);
  return b;
}
