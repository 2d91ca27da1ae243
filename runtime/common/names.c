/*
 * names.c - the names a program gives objects and locks
 * (raceway_name_object, raceway_name_lock): chained hash tables keyed by
 * address, one spin lock each.  Off the hot path: the manual API, free(),
 * and the flusher and report when they spell names.
 */
#include "common/names.h"

#include <stdatomic.h>

#include "common/hash.h"
#include "common/intern.h"
#include "common/rawalloc.h"
#include "common/spin.h"

#define NAME_BUCKET_BITS 10
#define NAME_BUCKETS (1u << NAME_BUCKET_BITS)
typedef struct nent { struct nent *next; uintptr_t addr; const char *name; } nent;
typedef struct ntab {
  rw_spin lock;
  atomic_uint count;       /* entries: lets rw_names_forget skip at once */
  nent *b[NAME_BUCKETS];
} ntab;
static ntab tabs[2];

static size_t bucket_of(uintptr_t a) { return rw_hash_bucket(a >> 3, NAME_BUCKET_BITS); }

int rw_names_set(enum rw_names_table table, uintptr_t addr, const char *name) {
  ntab *t = &tabs[table];
  const char *in = name ? rw_intern(name) : 0;
  if (name && !in)
    return -1;
  nent *fresh = in ? rw_raw_malloc(sizeof *fresh) : 0;
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
        return 0;
      }
      gone = *pp;
      *pp = gone->next;
      atomic_fetch_sub(&t->count, 1);
      break;
    }
  }
  if (in) {
    fresh->addr = addr;
    fresh->name = in;
    fresh->next = t->b[bucket_of(addr)];
    t->b[bucket_of(addr)] = fresh;
    atomic_fetch_add(&t->count, 1);
  }
  rw_spin_unlock(&t->lock);
  rw_raw_free(gone);
  return 0;
}

const char *rw_names_get(enum rw_names_table table, uintptr_t addr) {
  ntab *t = &tabs[table];
  if (atomic_load_explicit(&t->count, memory_order_relaxed) == 0)
    return 0;
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

/* Unlink the entries of one bucket that fall in [addr, addr+len). */
static nent *unlink_range(ntab *t, size_t i, uintptr_t addr, size_t len, nent *dead) {
  for (nent **pp = &t->b[i]; *pp;) {
    nent *e = *pp;
    if (e->addr >= addr && e->addr - addr < len) {
      *pp = e->next;
      e->next = dead;
      dead = e;
      atomic_fetch_sub(&t->count, 1);
    } else {
      pp = &e->next;
    }
  }
  return dead;
}

void rw_names_forget(uintptr_t addr, size_t len) {
  if (len == 0)
    return;
  for (int k = 0; k < 2; k++) {
    ntab *t = &tabs[k];
    if (atomic_load_explicit(&t->count, memory_order_relaxed) == 0)
      continue;
    nent *dead = 0;
    uintptr_t g0 = addr >> 3, g1 = (addr + len - 1) >> 3;
    rw_spin_lock(&t->lock);
    if (g1 - g0 < NAME_BUCKETS) {
      /* Small block: only the buckets its 8-byte groups hash to. */
      for (uintptr_t g = g0; g <= g1; g++)
        dead = unlink_range(t, bucket_of(g << 3), addr, len, dead);
    } else {
      for (size_t i = 0; i < NAME_BUCKETS; i++)
        dead = unlink_range(t, i, addr, len, dead);
    }
    rw_spin_unlock(&t->lock);
    while (dead) {
      nent *n = dead->next;
      rw_raw_free(dead);
      dead = n;
    }
  }
}

void rw_names_after_fork(void) {
  /* Only the forking thread survives: a lock another thread held at the
   * fork would never be released.  An update it was making is a couple of
   * pointer stores; names are advisory, so that risk is accepted. */
  rw_spin_reset(&tabs[0].lock);
  rw_spin_reset(&tabs[1].lock);
}
