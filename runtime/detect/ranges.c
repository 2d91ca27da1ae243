/*
 * ranges.c - the registry of tracked address ranges (detect/ranges.h).
 *
 * A sorted array of disjoint ranges under a sequence counter (a seqlock):
 * a writer makes the counter odd, edits the array in place, makes it even;
 * a reader searches between two reads of the counter and retries if they
 * differ.  Registrations are rare (module constructors, the first access
 * to a field), lookups are every checked access that hits the filter, so
 * the reader side must not write shared memory.  Fields are read with
 * relaxed atomics: a read torn by a writer is discarded by the recheck.
 */
#include "detect/ranges.h"

#include <string.h>

#include "common/budget.h"
#include "common/hash.h"
#include "common/spin.h"

RW_EXPORT uint8_t __raceway_range_filter[RACEWAY_RANGE_FILTER_SIZE];
atomic_int rw_ranges_active;
atomic_uint rw_ranges_generation;

typedef struct rw_range_ent {
  uintptr_t lo, hi;
  const raceway_site *name;
} rw_range_ent;

/* A checked site named by a range's site, made once per pair (and byte
 * offset into a field) and never freed: events in flight point at it. */
typedef struct rw_range_site {
  _Atomic(const raceway_site *) checked;   /* published last */
  const raceway_site *name;
  uint32_t delta;
  raceway_site site;
} rw_range_site;

static rw_spin lock = RW_SPIN_INIT;
static atomic_uint seq;
static _Atomic(rw_range_ent *) table;
static atomic_uint count;
static _Atomic(rw_range_site *) sites;
static atomic_uint nsites;
static _Atomic uint64_t refused;
static uint16_t filter_count[RACEWAY_RANGE_FILTER_SIZE];  /* under lock */

#define READ_TRIES 64

static inline size_t filter_index(uintptr_t page) {
  return page & (RACEWAY_RANGE_FILTER_SIZE - 1);
}

static int refuse(void) {
  atomic_fetch_add_explicit(&refused, 1, memory_order_relaxed);
  return -1;
}

/* Under lock: the pages of [lo, hi) join (+1) or leave (-1) the filter. */
static void filter_update(uintptr_t lo, uintptr_t hi, int delta) {
  uintptr_t first = lo >> RACEWAY_RANGE_PAGE_SHIFT;
  uintptr_t last = (hi - 1) >> RACEWAY_RANGE_PAGE_SHIFT;
  for (uintptr_t p = first; p <= last; p++) {
    size_t i = filter_index(p);
    filter_count[i] = (uint16_t)(filter_count[i] + delta);
    __atomic_store_n(&__raceway_range_filter[i], filter_count[i] != 0,
                     __ATOMIC_RELEASE);
  }
}

static inline uintptr_t ld(const uintptr_t *p) {
  return __atomic_load_n(p, __ATOMIC_RELAXED);
}

/* The index of the last range with lo <= addr in t[0..n), or -1. */
static long search(const rw_range_ent *t, unsigned n, uintptr_t addr) {
  long a = 0, b = (long)n - 1, found = -1;
  while (a <= b) {
    long m = a + (b - a) / 2;
    if (ld(&t[m].lo) <= addr) {
      found = m;
      a = m + 1;
    } else {
      b = m - 1;
    }
  }
  return found;
}

/* The first range overlapping [lo, hi): its index, or -1 (lock-free). */
static long first_overlap(uintptr_t lo, uintptr_t hi) {
  for (int tries = 0; tries < READ_TRIES; tries++) {
    unsigned s = atomic_load_explicit(&seq, memory_order_acquire);
    if (s & 1)
      continue;
    rw_range_ent *t = atomic_load_explicit(&table, memory_order_acquire);
    unsigned n = atomic_load_explicit(&count, memory_order_relaxed);
    long i = t ? search(t, n, lo) : -1;
    if (i < 0 || ld(&t[i].hi) <= lo)
      i++;                       /* the range before lo ends before it */
    long hit = t && i < (long)n && ld(&t[i].lo) < hi ? i : -1;
    atomic_thread_fence(memory_order_acquire);
    if (atomic_load_explicit(&seq, memory_order_relaxed) == s)
      return hit;
  }
  return -1;
}

const raceway_site *rw_ranges_find(uintptr_t addr, uintptr_t *base) {
  for (int tries = 0; tries < READ_TRIES; tries++) {
    unsigned s = atomic_load_explicit(&seq, memory_order_acquire);
    if (s & 1)
      continue;
    rw_range_ent *t = atomic_load_explicit(&table, memory_order_acquire);
    if (!t)
      return 0;
    unsigned n = atomic_load_explicit(&count, memory_order_relaxed);
    long i = search(t, n, addr);
    uintptr_t lo = i >= 0 ? ld(&t[i].lo) : 0, hi = i >= 0 ? ld(&t[i].hi) : 0;
    const raceway_site *name =
        i >= 0 ? __atomic_load_n(&t[i].name, __ATOMIC_RELAXED) : 0;
    atomic_thread_fence(memory_order_acquire);
    if (atomic_load_explicit(&seq, memory_order_relaxed) != s)
      continue;
    if (i < 0 || addr >= hi)
      return 0;
    if (base)
      *base = lo;
    return name;
  }
  return 0;
}

static inline void write_begin(void) {
  atomic_store_explicit(&seq, atomic_load_explicit(&seq, memory_order_relaxed) + 1,
                        memory_order_relaxed);
  atomic_thread_fence(memory_order_release);
}

static inline void write_end(void) {
  atomic_store_explicit(&seq, atomic_load_explicit(&seq, memory_order_relaxed) + 1,
                        memory_order_release);
}

/* The table, allocated from the budget on first use (NULL: refused). */
static rw_range_ent *table_get(void) {
  rw_range_ent *t = atomic_load_explicit(&table, memory_order_acquire);
  if (t)
    return t;
  t = rw_budget_alloc(RW_BUDGET_NAMES, RW_RANGES_MAX * sizeof *t, 0);
  if (t)
    atomic_store_explicit(&table, t, memory_order_release);
  return t;
}

/* Under lock: insert at its sorted place unless it overlaps. */
static int insert(rw_range_ent *t, uintptr_t lo, uintptr_t hi, const raceway_site *name) {
  unsigned n = atomic_load_explicit(&count, memory_order_relaxed);
  long i = search(t, n, lo);
  if ((i >= 0 && t[i].hi > lo) || (i + 1 < (long)n && t[i + 1].lo < hi))
    return 1;
  if (n == RW_RANGES_MAX)
    return refuse();
  size_t at = (size_t)(i + 1);
  write_begin();
  for (size_t k = n; k > at; k--) {
    __atomic_store_n(&t[k].lo, t[k - 1].lo, __ATOMIC_RELAXED);
    __atomic_store_n(&t[k].hi, t[k - 1].hi, __ATOMIC_RELAXED);
    __atomic_store_n(&t[k].name, t[k - 1].name, __ATOMIC_RELAXED);
  }
  __atomic_store_n(&t[at].lo, lo, __ATOMIC_RELAXED);
  __atomic_store_n(&t[at].hi, hi, __ATOMIC_RELAXED);
  __atomic_store_n(&t[at].name, name, __ATOMIC_RELAXED);
  atomic_store_explicit(&count, n + 1, memory_order_relaxed);
  write_end();
  filter_update(lo, hi, +1);
  return 0;
}

int rw_ranges_add(uintptr_t base, uint64_t size, const raceway_site *name) {
  if (size == 0 || size > RW_RANGES_MAX_SIZE || base + size < base)
    return refuse();
  rw_spin_lock(&lock);
  rw_range_ent *t = table_get();
  int r = t ? insert(t, base, base + (uintptr_t)size, name) : refuse();
  rw_spin_unlock(&lock);
  return r;
}

/* Under lock: remove every range overlapping [lo, hi). */
static void remove_overlapping(uintptr_t lo, uintptr_t hi) {
  rw_range_ent *t = atomic_load_explicit(&table, memory_order_relaxed);
  unsigned n = atomic_load_explicit(&count, memory_order_relaxed);
  long i = search(t, n, lo);
  if (i < 0 || t[i].hi <= lo)
    i++;
  size_t from = (size_t)i, to = from;
  while (to < n && t[to].lo < hi) {
    filter_update(t[to].lo, t[to].hi, -1);
    to++;
  }
  if (to == from)
    return;
  write_begin();
  for (size_t k = to; k < n; k++) {
    size_t d = from + (k - to);
    __atomic_store_n(&t[d].lo, t[k].lo, __ATOMIC_RELAXED);
    __atomic_store_n(&t[d].hi, t[k].hi, __ATOMIC_RELAXED);
    __atomic_store_n(&t[d].name, t[k].name, __ATOMIC_RELAXED);
  }
  atomic_store_explicit(&count, n - (unsigned)(to - from), memory_order_relaxed);
  write_end();
  atomic_fetch_add_explicit(&rw_ranges_generation, 1, memory_order_relaxed);
}

/* Every free of the program comes here: most blocks hold no range, which
 * the filter bytes of a small block or a lock-free search show without
 * the lock. */
void rw_ranges_forget(uintptr_t addr, size_t len) {
  if (RW_LIKELY(atomic_load_explicit(&count, memory_order_relaxed) == 0) || len == 0)
    return;
  uintptr_t hi = addr + len < addr ? UINTPTR_MAX : addr + len;
  uintptr_t pages = ((hi - 1) >> RACEWAY_RANGE_PAGE_SHIFT) - (addr >> RACEWAY_RANGE_PAGE_SHIFT);
  if (pages < 4) {
    int any = 0;
    for (uintptr_t p = addr >> RACEWAY_RANGE_PAGE_SHIFT; p <= (hi - 1) >> RACEWAY_RANGE_PAGE_SHIFT; p++)
      any |= rw_ranges_may_hold(p << RACEWAY_RANGE_PAGE_SHIFT);
    if (!any)
      return;
  }
  if (first_overlap(addr, hi) < 0)
    return;
  rw_spin_lock(&lock);
  remove_overlapping(addr, hi);
  rw_spin_unlock(&lock);
}

/* The checked site s renamed as name (delta bytes into it). */
static void derive(raceway_site *out, const raceway_site *s, const raceway_site *name,
                   uint32_t delta) {
  *out = *s;
  out->variable = name->variable;
  out->type_name = name->type_name;
  out->field_offset = name->field_offset + delta;
  out->flags = (uint8_t)(s->flags | (name->flags & (RACEWAY_SITE_FIELD | RACEWAY_SITE_GLOBAL |
                                                     RACEWAY_SITE_REDACT)));
}

/* The named-site table, allocated from the budget on first use under the
 * writer lock (malloc never re-enters the runtime; NULL: refused). */
static rw_range_site *sites_get(void) {
  rw_range_site *t = atomic_load_explicit(&sites, memory_order_acquire);
  if (t)
    return t;
  rw_spin_lock(&lock);
  t = atomic_load_explicit(&sites, memory_order_relaxed);
  if (!t) {
    t = rw_budget_alloc(RW_BUDGET_NAMES, RW_RANGES_SITES * sizeof *t, 1);
    if (t)
      atomic_store_explicit(&sites, t, memory_order_release);
  }
  rw_spin_unlock(&lock);
  return t;
}

/* The slot of (checked, name, delta): found, or filled under the lock;
 * NULL when the table is full or refused. */
static const raceway_site *site_for(const raceway_site *checked, const raceway_site *name,
                                    uint32_t delta) {
  rw_range_site *t = sites_get();
  if (!t) {
    refuse();
    return 0;
  }
  uint64_t key = (uint64_t)(uintptr_t)checked ^ rw_hash_u64((uintptr_t)name + delta);
  size_t h = rw_hash_bucket(key, 12) & (RW_RANGES_SITES - 1);
  for (unsigned probe = 0; probe < RW_RANGES_SITES; probe++) {
    rw_range_site *slot = &t[(h + probe) & (RW_RANGES_SITES - 1)];
    const raceway_site *c = atomic_load_explicit(&slot->checked, memory_order_acquire);
    if (c == checked && slot->name == name && slot->delta == delta)
      return &slot->site;
    if (c)
      continue;
    rw_spin_lock(&lock);
    if (atomic_load_explicit(&slot->checked, memory_order_relaxed)) {
      rw_spin_unlock(&lock);   /* another thread took it: look again */
      probe--;
      continue;
    }
    slot->name = name;
    slot->delta = delta;
    derive(&slot->site, checked, name, delta);
    atomic_store_explicit(&slot->checked, checked, memory_order_release);
    atomic_fetch_add_explicit(&nsites, 1, memory_order_relaxed);
    rw_spin_unlock(&lock);
    return &slot->site;
  }
  refuse();
  return 0;
}

const raceway_site *rw_ranges_site(const raceway_site *checked, const raceway_site *name,
                                   uintptr_t base, uintptr_t addr) {
  /* Only a field's name depends on where in it the access is (its
   * object's base is addr - field_offset). */
  uint32_t delta = (name->flags & RACEWAY_SITE_FIELD) ? (uint32_t)(addr - base) : 0;
  return site_for(checked, name, delta);
}

void rw_ranges_note_slow(const raceway_site *site, uintptr_t addr, rw_ranges_memo *memo) {
  /* The generation before the lookup: a forget after it makes the memo
   * stale, and the next access looks again. */
  unsigned gen = atomic_load_explicit(&rw_ranges_generation, memory_order_relaxed);
  if (site->size == 0)
    return;
  if (!(rw_ranges_may_hold(addr) && rw_ranges_find(addr, 0))) {
    if (atomic_load_explicit(&count, memory_order_relaxed) >= RW_RANGES_MAX)
      return;   /* full: counted once at the refusal, not per access */
    if (rw_ranges_add(addr, site->size, site) < 0)
      return;
  }
  memo->addr = addr;
  memo->gen = gen;
}

RW_EXPORT void __raceway_register_ranges(const raceway_range *ranges, uint64_t n) {
  atomic_store_explicit(&rw_ranges_active, 1, memory_order_relaxed);
  for (uint64_t i = 0; i < n; i++)
    rw_ranges_add((uintptr_t)ranges[i].addr, ranges[i].size, ranges[i].name);
}

void rw_ranges_get_stats(rw_ranges_stats *out) {
  out->ranges = atomic_load_explicit(&count, memory_order_relaxed);
  out->sites = atomic_load_explicit(&nsites, memory_order_relaxed);
  out->refused = atomic_load_explicit(&refused, memory_order_relaxed);
}

void rw_ranges_after_fork(void) {
  rw_spin_reset(&lock);
  unsigned s = atomic_load_explicit(&seq, memory_order_relaxed);
  if (s & 1)
    atomic_store_explicit(&seq, s + 1, memory_order_relaxed);
}
