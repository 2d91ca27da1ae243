#include <pthread.h>
#include <stdio.h>
#include "vendor.h"

static struct vendor_account acct = {1, 100};

static void *deposit(void *arg) {
  (void)arg;
  for (int i = 0; i < 10; i++)
    acct.balance += 1;
  return 0;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, deposit, 0);
  pthread_create(&b, 0, deposit, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  printf("app: balance=%ld\n", acct.balance);
  return 0;
}
