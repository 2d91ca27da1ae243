/*
 * lockset.c - the table of interned held-lock sets: a hash table behind
 * one spin lock for interning (only when a thread's set changed since its
 * last tracked access), and lock-free lookup by id for the report.
 *
 * Ids index blocks of RW_LOCKSET_BLOCK pointers, allocated as ids come;
 * each set is allocated to its size (a one-lock set is 24 bytes).  Both
 * are taken from the memory budget (part CLOCKS: happens-before state of
 * sync objects) and never freed while the process runs: an id in a shadow
 * slot stays valid.
 */
#include "hb/lockset.h"

#include <stdatomic.h>
#include <string.h>

#include "common/budget.h"
#include "common/hash.h"
#include "common/rawalloc.h"
#include "common/spin.h"

#define BLOCK_BITS 12
#define BLOCK (1u << BLOCK_BITS)
#define NBLOCKS (RW_LOCKSET_MAX / BLOCK)
#define BUCKET_BITS 14

static rw_spin lock = RW_SPIN_INIT;
static _Atomic(rw_lockset *) *blocks[NBLOCKS];   /* written under lock */
static uint32_t buckets[1u << BUCKET_BITS];       /* chain heads, 0 = none */
static _Atomic uint32_t nsets = 1;                /* id 0 = none */

static uint64_t hash_held(const struct rw_held *h, uint32_t n) {
  uint64_t k = n;
  for (uint32_t i = 0; i < n; i++)
    k = rw_hash_u64(k ^ h[i].addr ^ ((uint64_t)h[i].gen << 32) ^
                    ((uint64_t)h[i].shared << 8) ^ h[i].kind);
  return k;
}

static int same_set(const rw_lockset *s, const rw_hb *hb) {
  if (s->n != hb->nheld)
    return 0;
  for (uint32_t i = 0; i < s->n; i++)
    if (s->held[i].addr != hb->held[i].addr || s->held[i].gen != hb->held[i].gen ||
        s->held[i].shared != hb->held[i].shared || s->held[i].kind != hb->held[i].kind)
      return 0;
  return 1;
}

static rw_lockset *at(uint32_t id) {
  _Atomic(rw_lockset *) *b = __atomic_load_n(&blocks[id >> BLOCK_BITS], __ATOMIC_ACQUIRE);
  return b ? atomic_load_explicit(&b[id & (BLOCK - 1)], memory_order_acquire) : NULL;
}

/* A new set for hb's held locks, as id n; 0 when memory is refused.
 * Caller holds the lock. */
static int add_set(const rw_hb *hb, uint32_t n, uint32_t chain) {
  uint32_t bi = n >> BLOCK_BITS;
  if (!blocks[bi]) {
    size_t bytes = BLOCK * sizeof(rw_lockset *);
    if (rw_budget_take(RW_BUDGET_CLOCKS, bytes) != 0)
      return 0;
    _Atomic(rw_lockset *) *b = rw_raw_calloc(BLOCK, sizeof *b);
    if (!b) {
      rw_budget_give(RW_BUDGET_CLOCKS, bytes);
      return 0;
    }
    __atomic_store_n(&blocks[bi], b, __ATOMIC_RELEASE);
  }
  size_t size = sizeof(rw_lockset) + hb->nheld * sizeof hb->held[0];
  if (rw_budget_take(RW_BUDGET_CLOCKS, size) != 0)
    return 0;
  rw_lockset *s = rw_raw_malloc(size);
  if (!s) {
    rw_budget_give(RW_BUDGET_CLOCKS, size);
    return 0;
  }
  s->n = hb->nheld;
  s->next = chain;
  memcpy(s->held, hb->held, hb->nheld * sizeof hb->held[0]);
  atomic_store_explicit(&blocks[bi][n & (BLOCK - 1)], s, memory_order_release);
  return 1;
}

static uint32_t intern_locked(const rw_hb *hb) {
  uint32_t *bucket = &buckets[hash_held(hb->held, hb->nheld) >> (64 - BUCKET_BITS)];
  for (uint32_t id = *bucket; id; id = at(id)->next)
    if (same_set(at(id), hb))
      return id;
  uint32_t n = atomic_load_explicit(&nsets, memory_order_relaxed);
  if (n >= RW_LOCKSET_MAX || !add_set(hb, n, *bucket))
    return RW_LOCKSET_UNKNOWN;
  *bucket = n;
  atomic_store_explicit(&nsets, n + 1, memory_order_release);
  return n;
}

/* hb's cache entry for the one-lock set of the lock at addr: consecutive
 * locks 8 to 64 bytes apart get different entries. */
static struct rw_lockset_one *one_of(rw_hb *hb, uintptr_t addr) {
  return &hb->lockset_one[((addr >> 3) ^ (addr >> 6) ^ (addr >> 10)) & (RW_LOCKSET_ONE - 1)];
}

/* Out of line: a cached one-lock set needs no frame. */
static RW_NOINLINE uint32_t intern_new(rw_hb *hb, struct rw_lockset_one *one) {
  uint32_t id = 0;
  if (hb->nheld) {
    rw_spin_lock(&lock);
    id = intern_locked(hb);
    rw_spin_unlock(&lock);
  }
  hb->lockset = id;
  if (one && id != RW_LOCKSET_UNKNOWN)
    *one = (struct rw_lockset_one){id, hb->held[0]};
  return id;
}

uint32_t rw_lockset_intern_slow(rw_hb *hb) {
  /* One lock held, interned before: the common lock/unlock loop. */
  struct rw_lockset_one *one = hb->nheld == 1 ? one_of(hb, hb->held[0].addr) : NULL;
  if (one && one->id && memcmp(&hb->held[0], &one->held, sizeof hb->held[0]) == 0)
    return hb->lockset = one->id;
  return intern_new(hb, one);
}

const rw_lockset *rw_lockset_get(uint32_t id) {
  if (id == 0 || id >= atomic_load_explicit(&nsets, memory_order_acquire))
    return NULL;
  return at(id);
}

uint32_t rw_lockset_count(void) {
  return atomic_load_explicit(&nsets, memory_order_acquire) - 1;
}

/* Tests only: no thread may hold an id across it.  The old sets are
 * not freed (ids interned again get new ones). */
void rw_lockset_reset(void) {
  rw_spin_lock(&lock);
  memset(buckets, 0, sizeof buckets);
  atomic_store(&nsets, 1);
  rw_spin_unlock(&lock);
}

void rw_lockset_after_fork(void) { rw_spin_reset(&lock); }
