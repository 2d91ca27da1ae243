/* A tracked counter whose address goes to add_to(), defined in helper.c:
 * two threads add through it with no lock. */
#include <pthread.h>
#include <stdio.h>

void add_to(long *p, long d);

long counter __attribute__((annotate("raceway")));

static void *work(void *arg) {
  for (int i = 0; i < 100; i++)
    add_to(&counter, 1);
  return arg;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, work, 0);
  pthread_create(&b, 0, work, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  printf("%ld\n", counter);
  return 0;
}
