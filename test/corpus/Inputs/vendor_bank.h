/* vendor_bank.h - stands for a third-party header: nothing in it is
 * annotated; test/corpus/Inputs/vendor_bank.tracklist names what to track. */
#ifndef VENDOR_BANK_H
#define VENDOR_BANK_H
typedef struct vendor_account {
  int id;
  long balance;
  char note[16];
} vendor_account;
extern long vendor_ops;
static inline void vendor_deposit(vendor_account *a, long amount) {
  a->balance += amount;
  vendor_ops++;
}
#endif
