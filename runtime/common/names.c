/*
 * names.c - the names a program gives objects and locks
 * (raceway_name_object, raceway_name_lock): chained hash tables keyed by
 * address, one spin lock each.  Off the hot path: the manual API, free(),
 * and the flusher and report when they spell names.
 *
 * Buckets hash the 64-byte line of an address, and an index of the pages
 * that hold names (common/addrset.h) sends a free to the lines of its
 * range in those pages only: free() costs the same with a million names
 * as with none.  Entries and their strings take their bytes from the
 * memory budget (RW_BUDGET_NAMES); a name refused leaves the object or
 * lock with its unnamed form (Type@0x..., mutex@0x...).
 */
#include "common/names.h"

#include <stdatomic.h>

#include "common/addrset.h"
#include "common/budget.h"
#include "common/hash.h"
#include "common/intern.h"
#include "common/rawalloc.h"
#include "common/spin.h"

#define NAME_BUCKET_BITS 12
#define NAME_BUCKETS (1u << NAME_BUCKET_BITS)
#define NAME_LINE_SHIFT 6
typedef struct nent { struct nent *next; uintptr_t addr; const char *name; } nent;
typedef struct ntab {
  rw_spin lock;
  nent *b[NAME_BUCKETS];
} ntab;
static ntab tabs[2];
/* Entries per table: lets rw_names_get and rw_names_forget skip at once. */
_Atomic unsigned rw_names_entries[2];
static rw_addrset pages = RW_ADDRSET_INIT;   /* of both tables' entries */

static size_t bucket_of(uintptr_t a) {
  return rw_hash_bucket(a >> NAME_LINE_SHIFT, NAME_BUCKET_BITS);
}

static nent *new_entry(void) {
  if (rw_budget_take(RW_BUDGET_NAMES, sizeof(nent)) != 0)
    return 0;
  nent *e = rw_raw_malloc(sizeof *e);
  if (!e)
    rw_budget_give(RW_BUDGET_NAMES, sizeof(nent));
  return e;
}

static void free_entry(nent *e) {
  rw_addrset_remove(&pages, e->addr);
  rw_raw_free(e);
  rw_budget_give(RW_BUDGET_NAMES, sizeof(nent));
}

int rw_names_set(enum rw_names_table table, uintptr_t addr, const char *name) {
  ntab *t = &tabs[table];
  const char *in = name ? rw_intern(name) : 0;
  if (name && !in)
    return -1;
  nent *fresh = in ? new_entry() : 0;
  if (in && !fresh)
    return -1;
  nent **pp = &t->b[bucket_of(addr)];
  nent *gone = 0;
  rw_spin_lock(&t->lock);
  for (; *pp; pp = &(*pp)->next) {
    if ((*pp)->addr == addr) {
      if (in) {
        (*pp)->name = in;
        rw_spin_unlock(&t->lock);
        rw_raw_free(fresh);
        rw_budget_give(RW_BUDGET_NAMES, sizeof(nent));
        return 0;
      }
      gone = *pp;
      *pp = gone->next;
      atomic_fetch_sub(&rw_names_entries[t - tabs], 1);
      break;
    }
  }
  if (in) {
    fresh->addr = addr;
    fresh->name = in;
    rw_addrset_add(&pages, addr);        /* counted before it is found */
    fresh->next = t->b[bucket_of(addr)];
    t->b[bucket_of(addr)] = fresh;
    atomic_fetch_add(&rw_names_entries[t - tabs], 1);
  }
  rw_spin_unlock(&t->lock);
  if (gone)
    free_entry(gone);
  return 0;
}

const char *rw_names_get_slow(enum rw_names_table table, uintptr_t addr) {
  ntab *t = &tabs[table];
  const char *name = 0;
  rw_spin_lock(&t->lock);
  for (nent *e = t->b[bucket_of(addr)]; e; e = e->next)
    if (e->addr == addr) {
      name = e->name;
      break;
    }
  rw_spin_unlock(&t->lock);
  return name;
}

/* Unlink the entries of one bucket that fall in [lo, hi). */
static nent *unlink_range(ntab *t, size_t i, uintptr_t lo, uintptr_t hi, nent *dead) {
  for (nent **pp = &t->b[i]; *pp;) {
    nent *e = *pp;
    if (e->addr >= lo && e->addr < hi) {
      *pp = e->next;
      e->next = dead;
      dead = e;
      atomic_fetch_sub(&rw_names_entries[t - tabs], 1);
    } else {
      pp = &e->next;
    }
  }
  return dead;
}

/* A piece [lo, hi) of a freed range, inside one page that holds names. */
static void forget_piece(uintptr_t lo, uintptr_t hi, void *ctx) {
  (void)ctx;
  for (int k = 0; k < 2; k++) {
    ntab *t = &tabs[k];
    if (atomic_load_explicit(&rw_names_entries[t - tabs], memory_order_relaxed) == 0)
      continue;
    nent *dead = 0;
    rw_spin_lock(&t->lock);
    for (uintptr_t l = lo >> NAME_LINE_SHIFT; l <= (hi - 1) >> NAME_LINE_SHIFT; l++)
      dead = unlink_range(t, bucket_of(l << NAME_LINE_SHIFT), lo, hi, dead);
    rw_spin_unlock(&t->lock);
    while (dead) {
      nent *n = dead->next;
      free_entry(dead);
      dead = n;
    }
  }
}

void rw_names_forget(uintptr_t addr, size_t len) {
  rw_addrset_each(&pages, addr, len, forget_piece, 0);
}

uint64_t rw_names_count(void) { return rw_addrset_count(&pages); }

void rw_names_after_fork(void) {
  /* Only the forking thread survives: a lock another thread held at the
   * fork would never be released.  An update it was making is a couple of
   * pointer stores; names are advisory, so that risk is accepted. */
  rw_spin_reset(&tabs[0].lock);
  rw_spin_reset(&tabs[1].lock);
}
