/*
 * intern.c - a chained hash table of strings behind one spin lock; off the
 * hot path (manual API, interceptors naming locations, names).
 */
#include "common/intern.h"

#include <stdint.h>
#include <string.h>

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
  istr *e = rw_raw_malloc(sizeof *e + n + 1);
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
