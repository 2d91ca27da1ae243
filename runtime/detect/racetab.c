/*
 * racetab.c - deduplicated race records in a hash table behind one spin
 * lock.  This is the path of races found, not of accesses.
 */
#include "detect/racetab.h"

#include <stdatomic.h>
#include <string.h>

#include "common/hash.h"
#include "common/label.h"
#include "common/rawalloc.h"
#include "common/spin.h"
#include "detect/shadow.h"
#include "hb/lockset.h"

#define RACE_BUCKET_BITS 10

static rw_spin lock = RW_SPIN_INIT;
static rw_race *buckets[1u << RACE_BUCKET_BITS];
static rw_race *order[RW_RACETAB_MAX];     /* in order found, for printing */
static unsigned nraces;
static uint64_t not_kept;                  /* distinct races past the max */
atomic_uint rw_racetab_npending;          /* races whose event is not out */
__thread uint32_t rw_racetab_found __attribute__((tls_model("initial-exec")));

void rw_racetab_lock(void) { rw_spin_lock(&lock); }
void rw_racetab_unlock(void) { rw_spin_unlock(&lock); }
void rw_racetab_after_fork(void) { rw_spin_reset(&lock); }
unsigned rw_racetab_size(void) { return nraces; }
const rw_race *rw_racetab_at(unsigned i) { return order[i]; }
uint64_t rw_racetab_not_kept(void) { return not_kept; }

static rw_race *find(const raceway_site *lo, const raceway_site *hi, uintptr_t base,
                     rw_race ***bucket) {
  uint64_t key = (uintptr_t)lo ^ ((uintptr_t)hi * 31) ^ (base * 131);
  *bucket = &buckets[rw_hash_bucket(key, RACE_BUCKET_BITS)];
  for (rw_race *r = **bucket; r; r = r->next)
    if (r->site_lo == lo && r->site_hi == hi && r->base == base)
      return r;
  return NULL;
}

/* The key's stand-in for the site of a free() (cur->site names the
 * variable then): a free racing with a site is one race per object. */
static const raceway_site free_key;

/* The locks of the previous access, from its lock-set id. */
static void locks_of_id(uint32_t id, rw_race_locks *out) {
  const rw_lockset *ls = rw_lockset_get(id);
  out->unknown = id == RW_LOCKSET_UNKNOWN;
  out->n = ls ? (ls->n < RW_MAX_HELD ? ls->n : RW_MAX_HELD) : 0;
  if (out->n)
    memcpy(out->held, ls->held, out->n * sizeof out->held[0]);
}

/* The object a field site's access lies in (0 for other sites). */
static uintptr_t object_of(const raceway_site *site, uintptr_t addr) {
  return site && (site->flags & RACEWAY_SITE_FIELD) ? addr - site->field_offset : 0;
}

/* The site that names the race: of the two, the one whose object is the
 * outermost (pool->q.len rather than q->len for one field reached both
 * ways), so the name, like the key, does not depend on which side came
 * second.  A free's site is the other side's already. */
static const raceway_site *naming_site(uintptr_t addr, const rw_access_info *cur,
                                       const rw_access_info *prev) {
  uintptr_t c = object_of(cur->site, addr), p = object_of(prev->site, addr);
  return !cur->is_free && p && (!c || p < c) ? prev->site : cur->site;
}

/* The race's key: its ordered pair of sites and its object, the same
 * whichever of the two accesses is the current one. */
static void key_of(uintptr_t addr, const rw_access_info *cur, const rw_access_info *prev,
                   const raceway_site **lo, const raceway_site **hi, uintptr_t *base) {
  const raceway_site *a = cur->is_free ? &free_key : cur->site, *b = prev->site;
  *lo = (uintptr_t)a < (uintptr_t)b ? a : b;
  *hi = (uintptr_t)a < (uintptr_t)b ? b : a;
  *base = object_of(naming_site(addr, cur, prev), addr);
}

int rw_racetab_seen(uintptr_t addr, const rw_access_info *cur, const rw_access_info *prev) {
  const raceway_site *lo, *hi;
  uintptr_t base;
  rw_race **bucket;
  key_of(addr, cur, prev, &lo, &hi, &base);
  rw_spin_lock(&lock);
  rw_race *r = find(lo, hi, base, &bucket);
  if (r)
    r->count++;
  rw_spin_unlock(&lock);
  return r != NULL;
}

const rw_race *rw_racetab_add(uintptr_t addr, const rw_access_info *cur,
                              const rw_access_info *prev, const struct rw_held *held,
                              uint32_t nheld, const uintptr_t *stack, uint32_t depth) {
  const raceway_site *lo, *hi;
  uintptr_t base;
  key_of(addr, cur, prev, &lo, &hi, &base);
  rw_race **bucket, *fresh = NULL;
  rw_spin_lock(&lock);
  rw_race *r = find(lo, hi, base, &bucket);
  if (r) {
    r->count++;
  } else if (nraces >= RW_RACETAB_MAX) {
    not_kept++;
  } else if ((fresh = rw_raw_calloc(1, sizeof *fresh))) {
    *fresh = (rw_race){.site_lo = lo, .site_hi = hi, .base = base, .addr = addr,
                       .cur = *cur, .prev = *prev, .count = 1,
                       .emitted = cur->is_free ? RW_RACE_WAITING : RW_RACE_FINDER};
    rw_label_variable(naming_site(addr, cur, prev), addr, fresh->variable, sizeof fresh->variable);
    fresh->cur_locks.n = nheld < RW_MAX_HELD ? nheld : RW_MAX_HELD;
    if (fresh->cur_locks.n)
      memcpy(fresh->cur_locks.held, held, fresh->cur_locks.n * sizeof *held);
    locks_of_id(prev->lockset, &fresh->prev_locks);
    fresh->cur_depth = depth < RW_RACE_STACK ? depth : RW_RACE_STACK;
    if (fresh->cur_depth)
      memcpy(fresh->cur_stack, stack, fresh->cur_depth * sizeof *stack);
    fresh->next = *bucket;
    *bucket = fresh;
    order[nraces++] = fresh;
    if (fresh->emitted == RW_RACE_WAITING)
      atomic_fetch_add_explicit(&rw_racetab_npending, 1, memory_order_release);
  }
  rw_spin_unlock(&lock);
  rw_racetab_found += fresh != NULL;
  return fresh;
}

/* One access is the current side of at most one race per slot it
 * checked; records are appended, so its own are the last ones. */
void rw_racetab_complete(uint32_t slot, uint64_t seq, uint64_t old_value, uint64_t new_value) {
  rw_spin_lock(&lock);
  for (unsigned i = nraces; i-- > 0 && nraces - i <= RW_SHADOW_ALL;) {
    rw_access_info *a = &order[i]->cur;
    if (a->new_unknown && a->slot == slot && a->seq == seq) {
      a->old_value = old_value;
      a->new_value = new_value;
      a->new_unknown = 0;
    }
  }
  rw_spin_unlock(&lock);
}

unsigned rw_racetab_count(void) {
  rw_spin_lock(&lock);
  unsigned n = nraces + (unsigned)not_kept;
  rw_spin_unlock(&lock);
  return n;
}

void rw_racetab_mark_printed(const rw_race *r) {
  rw_spin_lock(&lock);
  ((rw_race *)r)->printed = 1;     /* records are the table's own */
  rw_spin_unlock(&lock);
}

/* Up to max races in state `from` (RW_RACE_FINDER: slot's), marked taken. */
static unsigned take(const rw_race **out, unsigned max, int from, uint32_t slot) {
  unsigned n = 0;
  rw_spin_lock(&lock);
  for (unsigned i = 0; i < nraces && n < max; i++) {
    rw_race *r = order[i];
    if (r->emitted != from || (from == RW_RACE_FINDER && r->cur.slot != slot))
      continue;
    r->emitted = RW_RACE_TAKEN;
    if (from == RW_RACE_WAITING)
      atomic_fetch_sub_explicit(&rw_racetab_npending, 1, memory_order_relaxed);
    out[n++] = r;
  }
  rw_spin_unlock(&lock);
  return n;
}

unsigned rw_racetab_take_unemitted(const rw_race **out, unsigned max) {
  return take(out, max, RW_RACE_WAITING, 0);
}

unsigned rw_racetab_take_found(const rw_race **out, unsigned max, uint32_t slot) {
  return take(out, max, RW_RACE_FINDER, slot);
}

void rw_racetab_open_found(uint32_t slot) {
  rw_spin_lock(&lock);
  for (unsigned i = 0; i < nraces; i++) {
    rw_race *r = order[i];
    if (r->emitted == RW_RACE_FINDER && (slot == UINT32_MAX || r->cur.slot == slot)) {
      r->emitted = RW_RACE_WAITING;
      atomic_fetch_add_explicit(&rw_racetab_npending, 1, memory_order_release);
    }
  }
  rw_spin_unlock(&lock);
}

void rw_racetab_reset(void) {
  rw_spin_lock(&lock);
  for (unsigned i = 0; i < nraces; i++)
    rw_raw_free(order[i]);
  memset(buckets, 0, sizeof buckets);
  nraces = 0;
  not_kept = 0;
  atomic_store(&rw_racetab_npending, 0);
  rw_spin_unlock(&lock);
}
