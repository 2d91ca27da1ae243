/*
 * intern.c - a chained hash table of strings behind one spin lock; off the
 * hot path (manual API, interceptors naming locations, names).  Strings
 * take their bytes from the memory budget (RW_BUDGET_NAMES) and are never
 * given back: they are bounded by the distinct strings a program passes.
 */
#include "common/intern.h"

#include <stdint.h>
#include <string.h>

#include "common/budget.h"
#include "common/hash.h"
#include "common/rawalloc.h"
#include "common/spin.h"

static rw_spin lock = RW_SPIN_INIT;

#define INTERN_BUCKETS 4096
typedef struct istr { struct istr *next; uint64_t hash; char s[]; } istr;
static istr *intern_tab[INTERN_BUCKETS];

const char *rw_intern_n(const char *s, size_t n) {
  if (!s)
    return 0;
  uint64_t h = rw_hash_bytes(s, n);
  istr **b = &intern_tab[h % INTERN_BUCKETS];
  rw_spin_lock(&lock);
  for (istr *e = *b; e; e = e->next) {
    if (e->hash == h && strncmp(e->s, s, n) == 0 && e->s[n] == 0) {
      rw_spin_unlock(&lock);
      return e->s;
    }
  }
  size_t bytes = sizeof(istr) + n + 1;
  istr *e = 0;
  if (rw_budget_take(RW_BUDGET_NAMES, bytes) == 0 && !(e = rw_raw_malloc(bytes)))
    rw_budget_give(RW_BUDGET_NAMES, bytes);
  if (e) {
    e->hash = h;
    memcpy(e->s, s, n);
    e->s[n] = 0;
    e->next = *b;
    *b = e;
  }
  rw_spin_unlock(&lock);
  return e ? e->s : 0;
}

const char *rw_intern(const char *s) {
  return s ? rw_intern_n(s, strlen(s)) : 0;
}

void rw_intern_after_fork(void) { rw_spin_reset(&lock); }
