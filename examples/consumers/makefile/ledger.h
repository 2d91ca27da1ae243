/* ledger.h - one shared balance. */
#ifndef LEDGER_H
#define LEDGER_H
void ledger_deposit(long amount);
long ledger_peek(void);    /* unlocked read: the bug */
long ledger_balance(void); /* locked read */
#endif
