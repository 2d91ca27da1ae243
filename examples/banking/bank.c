/*
 * bank.c - the demo's accounts: safe operations under one mutex, and one
 * unsafe transfer.
 *
 * Account.balance is tracked (RACEWAY_TRACKED in bank.h), so the Raceway
 * pass reports every read and write of it; raceway_name_object makes those
 * reports say "alice.balance" instead of an address.
 */
#define _DEFAULT_SOURCE /* usleep */
#include "bank.h"

#include <pthread.h>
#include <string.h>
#include <unistd.h>

/* How long a transfer waits between reading and writing the balance.  Real
 * code does work here (a fraud check, a database call); the pause makes two
 * overlapping requests lose an update nearly every time. */
#define BANK_RACE_WINDOW_US 20000
/* Balances stay below this, so balance + amount never overflows a long. */
#define BANK_BALANCE_MAX 1000000000000000L

static const struct bank_entry opening[BANK_ACCOUNTS] = {
    {"alice", 1000}, {"bob", 500}, {"charlie", 300}};

static struct Account accounts[BANK_ACCOUNTS];
static pthread_mutex_t accounts_lock = PTHREAD_MUTEX_INITIALIZER;

static struct Account *find_account(const char *name) {
  for (int i = 0; i < BANK_ACCOUNTS; i++)
    if (strcmp(accounts[i].name, name) == 0)
      return &accounts[i];
  return NULL;
}

static int amount_ok(long amount) {
  return amount >= 1 && amount <= BANK_AMOUNT_MAX;
}

void bank_init(void) {
  for (int i = 0; i < BANK_ACCOUNTS; i++) {
    memcpy(accounts[i].name, opening[i].name, BANK_NAME_MAX);
    accounts[i].balance = opening[i].balance;
    raceway_name_object(&accounts[i], accounts[i].name);
  }
  raceway_name_lock(&accounts_lock, "accounts_lock");
}

void bank_reset(void) {
  pthread_mutex_lock(&accounts_lock);
  for (int i = 0; i < BANK_ACCOUNTS; i++)
    accounts[i].balance = opening[i].balance;
  pthread_mutex_unlock(&accounts_lock);
}

void bank_snapshot(struct bank_entry out[BANK_ACCOUNTS]) {
  pthread_mutex_lock(&accounts_lock);
  for (int i = 0; i < BANK_ACCOUNTS; i++) {
    memcpy(out[i].name, accounts[i].name, BANK_NAME_MAX);
    out[i].balance = accounts[i].balance;
  }
  pthread_mutex_unlock(&accounts_lock);
}

enum bank_status bank_deposit(const char *account, long amount,
                              long *balance_out) {
  struct Account *a = find_account(account);
  if (!a)
    return BANK_NO_ACCOUNT;
  if (!amount_ok(amount))
    return BANK_BAD_AMOUNT;
  enum bank_status st = BANK_OK;
  pthread_mutex_lock(&accounts_lock);
  if (a->balance > BANK_BALANCE_MAX - amount)
    st = BANK_OVERFLOW;
  else
    a->balance += amount;
  *balance_out = a->balance;
  pthread_mutex_unlock(&accounts_lock);
  return st;
}

/*
 * THE RACE.  The balance is read, checked, and written back later without
 * the accounts lock.  Two transfers from alice that overlap both read the
 * same balance, and the second write overwrites the first: one debit is
 * lost.  The fix is the lock that bank_deposit takes.
 */
enum bank_status bank_transfer(const char *from, const char *to, long amount) {
  struct Account *src = find_account(from);
  struct Account *dst = find_account(to);
  if (!src || !dst)
    return BANK_NO_ACCOUNT;
  if (src == dst)
    return BANK_SAME_ACCOUNT;
  if (!amount_ok(amount))
    return BANK_BAD_AMOUNT;
  long balance = src->balance;
  if (balance < amount)
    return BANK_NO_FUNDS;
  if (dst->balance > BANK_BALANCE_MAX - amount)
    return BANK_OVERFLOW;
  usleep(BANK_RACE_WINDOW_US);
  src->balance = balance - amount;
  dst->balance += amount;
  return BANK_OK;
}

const char *bank_status_text(enum bank_status s) {
  switch (s) {
  case BANK_OK: return "ok";
  case BANK_NO_ACCOUNT: return "unknown account";
  case BANK_SAME_ACCOUNT: return "from and to are the same account";
  case BANK_BAD_AMOUNT: return "amount must be an integer from 1 to 1000000000";
  case BANK_NO_FUNDS: return "insufficient funds";
  case BANK_OVERFLOW: return "balance limit exceeded";
  }
  return "error";
}
