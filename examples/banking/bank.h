/*
 * bank.h - the demo's accounts (bank.c).
 *
 * Three accounts with tracked balances.  Every operation takes the
 * accounts lock except bank_transfer, which "forgot" it: that is the race
 * the demo exists to show.  All functions are safe to call from any thread.
 */
#ifndef BANKING_BANK_H
#define BANKING_BANK_H

#include <raceway/raceway.h>

#define BANK_NAME_MAX 16
#define BANK_ACCOUNTS 3
/* Amounts are whole dollars in 1..BANK_AMOUNT_MAX, so no sum overflows. */
#define BANK_AMOUNT_MAX 1000000000L

struct Account {
  char name[BANK_NAME_MAX];
  RACEWAY_TRACKED(long, balance);
};

enum bank_status {
  BANK_OK = 0,
  BANK_NO_ACCOUNT,    /* a name is not one of the accounts            */
  BANK_SAME_ACCOUNT,  /* transfer from an account to itself           */
  BANK_BAD_AMOUNT,    /* outside 1..BANK_AMOUNT_MAX                    */
  BANK_NO_FUNDS,      /* the source balance is below the amount        */
  BANK_OVERFLOW       /* a deposit would exceed the balance limit      */
};

/* One account's name and balance, as reported to clients. */
struct bank_entry {
  char name[BANK_NAME_MAX];
  long balance;
};

/* Set up the accounts and name them (and the lock) for Raceway.  Call
 * once, before any other thread uses the bank. */
void bank_init(void);

/* Put every account back to its opening balance (locked). */
void bank_reset(void);

/* Copy all balances into out[BANK_ACCOUNTS] (locked). */
void bank_snapshot(struct bank_entry out[BANK_ACCOUNTS]);

/* Add amount to account (locked).  *balance_out: the new balance. */
enum bank_status bank_deposit(const char *account, long amount,
                              long *balance_out);

/* Move amount from one account to another WITHOUT the lock: a
 * read-modify-write that loses updates when two transfers overlap. */
enum bank_status bank_transfer(const char *from, const char *to, long amount);

/* A short client-facing text for a status ("unknown account", ...). */
const char *bank_status_text(enum bank_status s);

#endif
