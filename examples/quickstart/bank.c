/*
 * bank.c - the quick-start example: two tellers move money between two
 * accounts at the same time.  transfer() reads and writes the balances with
 * no lock, so one teller's update can overwrite the other's (a lost update);
 * audit() does the same under a mutex and is safe.
 *
 * Build and run (see README.md):
 *   clang-19 -g -O2 -fpass-plugin=build/pass/RacewayPass.so -Iinclude \
 *       examples/quickstart/bank.c -Lbuild/runtime -lraceway -o bank
 *   RACEWAY_OUTPUT=events.jsonl ./bank
 */
#include <pthread.h>
#include <stdio.h>
#include <raceway/raceway.h>

struct Account {
  char owner[16];
  RACEWAY_TRACKED(long, balance);       /* tracked: every access recorded */
};

static struct Account alice = {"alice", 1000};
static struct Account bob = {"bob", 1000};
RACEWAY_TRACKED(long, audits);          /* a tracked global */
static pthread_mutex_t audit_lock = PTHREAD_MUTEX_INITIALIZER;

static void transfer(struct Account *from, struct Account *to, long amount) {
  long balance = from->balance;         /* read ...                      */
  from->balance = balance - amount;     /* ... then write: not atomic    */
  to->balance += amount;
}

static void audit(void) {
  pthread_mutex_lock(&audit_lock);
  audits++;                             /* protected by audit_lock       */
  pthread_mutex_unlock(&audit_lock);
}

static void *teller(void *arg) {
  for (int i = 0; i < 100; i++) {
    transfer(&alice, &bob, 1);
    audit();
  }
  return arg;
}

int main(void) {
  raceway_name_object(&alice, "alice");  /* reports say alice.balance */
  raceway_name_object(&bob, "bob");
  raceway_name_lock(&audit_lock, "audit_lock");

  pthread_t t1, t2;
  pthread_create(&t1, NULL, teller, NULL);
  pthread_create(&t2, NULL, teller, NULL);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  printf("alice=%ld bob=%ld (total %ld, expected 2000), audits=%ld\n",
         alice.balance, bob.balance, alice.balance + bob.balance, audits);
  return 0;
}
