/*
 * ledger.c - the racy program of the `raceway` command's tests.
 *
 * An auditor thread reads ledger.total under ledger_lock; main then writes
 * it with no lock (a read/write race, the read is "previous").  A clerk
 * thread, joined before, adds to ledger.entries under the lock: no race, a
 * third lane with lock intervals and spawn/join arrows.  The interleaving is
 * fixed with an untracked volatile flag, which orders in time without
 * creating happens-before.
 */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <raceway/raceway.h>

struct Ledger {
  char name[8];
  RACEWAY_TRACKED(long, total);
  RACEWAY_TRACKED(long, entries);
};
static struct Ledger ledger = {"main", 100, 0};
static pthread_mutex_t ledger_lock = PTHREAD_MUTEX_INITIALIZER;
static volatile int read_done;      /* untracked */

static void *clerk(void *arg) {
  for (int i = 0; i < 3; i++) {
    pthread_mutex_lock(&ledger_lock);
    ledger.entries++;
    pthread_mutex_unlock(&ledger_lock);
  }
  return arg;
}

static void *auditor(void *arg) {
  pthread_mutex_lock(&ledger_lock);
  long seen = ledger.total;         /* LEDGER-READ: under the lock */
  pthread_mutex_unlock(&ledger_lock);
  read_done = 1;
  return (void *)seen;
}

int main(void) {
  raceway_name_object(&ledger, "ledger");
  raceway_name_lock(&ledger_lock, "ledger_lock");
  pthread_t c, a;
  pthread_create(&c, 0, clerk, 0);
  pthread_join(c, 0);
  pthread_create(&a, 0, auditor, 0);
  while (!read_done)
    sched_yield();
  ledger.total = 250;               /* LEDGER-WRITE: no lock */
  pthread_join(a, 0);
  printf("total=%ld entries=%ld\n", ledger.total, ledger.entries);
  return 0;
}
