/*
 * addrset.c - page and chunk counters of the addresses a table holds
 * (see addrset.h).
 */
#include "common/addrset.h"

#include "common/hash.h"

static size_t slot_of(uintptr_t chunk) {
  return rw_hash_bucket(chunk, RW_ADDRSET_CHUNK_BITS);
}

/* A page's word: entries in its low 32 bits; in the high 32 bits, a bit
 * per 128-byte group of the page that has held an entry since the count
 * was last 0 (a superset of the groups that hold one). */
#define GROUP_SHIFT (RW_ADDRSET_PAGE_SHIFT - 5)
#define COUNT_MASK 0xffffffffull

static _Atomic uint64_t *page_word(rw_addrset *s, uintptr_t addr) {
  uintptr_t page = addr >> RW_ADDRSET_PAGE_SHIFT;
  return &s->page[slot_of(addr >> RW_ADDRSET_CHUNK_SHIFT)]
                 [page & (RW_ADDRSET_PAGES_PER_CHUNK - 1)];
}

static uint64_t group_bit(uintptr_t addr) {
  return 1ull << (32 + ((addr >> GROUP_SHIFT) & 31));
}

void rw_addrset_add(rw_addrset *s, uintptr_t addr) {
  _Atomic uint64_t *w = page_word(s, addr);
  uint64_t v = atomic_load_explicit(w, memory_order_relaxed);
  while (!atomic_compare_exchange_weak_explicit(w, &v, (v + 1) | group_bit(addr),
                                                memory_order_relaxed, memory_order_relaxed)) {}
  atomic_fetch_add_explicit(&s->chunk[slot_of(addr >> RW_ADDRSET_CHUNK_SHIFT)], 1,
                            memory_order_relaxed);
  uintptr_t b = atomic_load_explicit(&s->lo_not, memory_order_relaxed);
  while (~addr > b && !atomic_compare_exchange_weak(&s->lo_not, &b, ~addr)) {}
  b = atomic_load_explicit(&s->hi, memory_order_relaxed);
  while (addr > b && !atomic_compare_exchange_weak(&s->hi, &b, addr)) {}
}

void rw_addrset_remove(rw_addrset *s, uintptr_t addr) {
  _Atomic uint64_t *w = page_word(s, addr);
  uint64_t v = atomic_load_explicit(w, memory_order_relaxed);
  while (!atomic_compare_exchange_weak_explicit(w, &v, (v & COUNT_MASK) == 1 ? 0 : v - 1,
                                                memory_order_relaxed, memory_order_relaxed)) {}
  atomic_fetch_sub_explicit(&s->chunk[slot_of(addr >> RW_ADDRSET_CHUNK_SHIFT)], 1,
                            memory_order_relaxed);
}

int rw_addrset_may_hold(const rw_addrset *s, uintptr_t addr) {
  if (addr < rw_addrset_lo(s) ||
      addr > atomic_load_explicit(&s->hi, memory_order_relaxed))
    return 0;
  return (atomic_load_explicit(page_word((rw_addrset *)s, addr), memory_order_relaxed) &
          group_bit(addr)) != 0;
}

/* The runs of [a, b) (inside one page) whose groups are in word w. */
static void visit_groups(uint64_t w, uintptr_t a, uintptr_t b,
                         void (*visit)(uintptr_t lo, uintptr_t hi, void *ctx), void *ctx) {
  const uintptr_t group = (uintptr_t)1 << GROUP_SHIFT;
  uintptr_t run = 0;
  int in_run = 0;
  for (uintptr_t g = a & ~(group - 1); g < b; g += group) {
    int set = (w & group_bit(g)) != 0;
    if (set && !in_run) {
      run = g < a ? a : g;
      in_run = 1;
    } else if (!set && in_run) {
      visit(run, g, ctx);
      in_run = 0;
    }
  }
  if (in_run)
    visit(run, b, ctx);
}

void rw_addrset_each_slow(const rw_addrset *s, uintptr_t addr, size_t len,
                          void (*visit)(uintptr_t lo, uintptr_t hi, void *ctx), void *ctx) {
  uintptr_t lo = addr, hi = addr + len;
  uintptr_t seen_lo = rw_addrset_lo(s);
  uintptr_t seen_hi = atomic_load_explicit(&s->hi, memory_order_relaxed);
  if (len == 0 || seen_lo > seen_hi || (hi > lo && hi <= seen_lo) || lo > seen_hi)
    return;
  if (lo < seen_lo)
    lo = seen_lo;
  if (hi < lo || hi > seen_hi + 1)          /* past the top, or past every entry */
    hi = seen_hi + 1;
  const uintptr_t chunk_bytes = (uintptr_t)1 << RW_ADDRSET_CHUNK_SHIFT;
  for (uintptr_t c = lo >> RW_ADDRSET_CHUNK_SHIFT; c <= (hi - 1) >> RW_ADDRSET_CHUNK_SHIFT;
       c++) {
    size_t slot = slot_of(c);
    if (!atomic_load_explicit(&s->chunk[slot], memory_order_relaxed))
      continue;
    uintptr_t c_lo = c << RW_ADDRSET_CHUNK_SHIFT, c_hi = c_lo + chunk_bytes;
    uintptr_t a = lo > c_lo ? lo : c_lo, end = hi < c_hi ? hi : c_hi;
    while (a < end) {
      uintptr_t p_end = ((a >> RW_ADDRSET_PAGE_SHIFT) + 1) << RW_ADDRSET_PAGE_SHIFT;
      uintptr_t b = p_end < end ? p_end : end;
      size_t pg = (a >> RW_ADDRSET_PAGE_SHIFT) & (RW_ADDRSET_PAGES_PER_CHUNK - 1);
      uint64_t w = atomic_load_explicit(&s->page[slot][pg], memory_order_relaxed);
      if (w)
        visit_groups(w, a, b, visit, ctx);
      a = b;
    }
  }
}

uint64_t rw_addrset_count(const rw_addrset *s) {
  uint64_t n = 0;
  for (size_t i = 0; i < RW_ADDRSET_CHUNKS; i++)
    n += atomic_load_explicit(&s->chunk[i], memory_order_relaxed);
  return n;
}
