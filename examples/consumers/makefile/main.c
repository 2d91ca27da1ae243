/* main.c - two tellers deposit while an auditor peeks at the balance. */
#include <pthread.h>
#include <stdio.h>
#include "ledger.h"

enum { DEPOSITS = 500 };

static void *teller(void *arg) {
  (void)arg;
  for (int i = 0; i < DEPOSITS; i++)
    ledger_deposit(10);
  return NULL;
}

static void *auditor(void *arg) {
  *(long *)arg = ledger_peek();
  return NULL;
}

int main(void) {
  pthread_t t1, t2, audit;
  long seen = 0;
  if (pthread_create(&t1, NULL, teller, NULL) || pthread_create(&t2, NULL, teller, NULL) ||
      pthread_create(&audit, NULL, auditor, &seen)) {
    perror("pthread_create");
    return 1;
  }
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  pthread_join(audit, NULL);
  printf("ledger: balance=%ld (auditor saw %ld)\n", ledger_balance(), seen);
  return 0;
}
