/*
 * shadow.c - bounded, lock-free shadow table keyed by address.
 *
 * Open addressing with linear probing over cells of 8 application bytes.
 * A cell's key is 0 (never used), K = (addr >> 3) + 1 (live) or K | TOMB
 * (freed: its slots cleared, the cell free for any key).  Keys change only
 * by CAS, and never back to 0, so a probe may stop at a 0.  Freeing memory
 * (rw_shadow_forget) clears a cell and turns its key into a tomb; the next
 * first access at that address takes its own tomb back (malloc's reuse of
 * addresses makes that the common case: one cell per address), a new
 * address the first tomb on its way.  Capacity counts live addresses.
 *
 * Tombs are never 0 again (turning one into 0 under concurrent inserts
 * needs more than a CAS), so a probe for a missing key would run to
 * MAX_PROBE once a long run has left tombs everywhere.  Instead each home
 * block of 16 cells keeps its reach: the farthest from its home a key of
 * the block was ever placed (it only grows).  A lookup stops there; so
 * does a claim once it has seen a free cell.  Keys reuse the first tomb on
 * their way, so the reach stays short.
 *
 * Two first accesses of one address at once agree on the cell (the first
 * free one; the loser's CAS sees the key), unless the chain changed
 * between their probes (a free in it): then the later cell gives itself up
 * when its claimer finds the earlier one (claim).  When the claims cross
 * (the earlier one made after the later one's check), both stay: lookups
 * find the earlier, accesses recorded in the later are kept apart from it
 * (races between them missed), and rw_shadow_forget frees both.  Accepted:
 * it takes a first access by two threads at once and a free in the chain
 * between their probes (README, Limitations).
 *
 * Forgetting must be cheap for every free(), tracked or not, so the table
 * keeps the bounds of every tracked address and a bitmap of hashed pages
 * that hold cells: a free outside the bounds costs two loads, a free of a
 * page never tracked one bit test per page.
 */
#include "detect/shadow.h"

#include <sched.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/mman.h>

#include "common/budget.h"
#include "common/diag.h"
#include "common/hash.h"
#include "common/label.h"
#include "common/rawalloc.h"
#include "common/spin.h"
#include "detect/log.h"

/* A line's 16 keys share a home block, so lines that hash to one block
 * take whole blocks after it: 64 cells (4 lines) ran out at 56% of the
 * capacity live in nng's reconnect stress test; 255 takes 15 lines. */
#define MAX_PROBE 255                /* fits a block's reach (uint8_t) */
#define CLAIM_TRIES 8                /* claims lost to other threads */
/* A freed cell's key: K | TOMB (no live key has the top bit). */
#define TOMB ((uintptr_t)1 << (sizeof(uintptr_t) * 8 - 1))
#define PAGE_SHIFT 12
#define PAGE_BITS 65536u              /* bits in the page-presence map */

static rw_shadow_cell *table;         /* published with release */
static size_t table_cells;            /* power of two */
_Atomic(rw_shadow_cell *) rw_shadow_ready;
size_t rw_shadow_mask;
static size_t max_used;               /* RACEWAY_MAX_SHADOW, cut to the budget */
static size_t max_asked;              /* RACEWAY_MAX_SHADOW as set           */
static uint64_t charged;              /* bytes taken from the budget       */
static atomic_int said_cut;
static atomic_int map_state;          /* 0 unmapped, 1 mapping, 2 ready, -1 failed */
static atomic_size_t used, peak;      /* live addresses; the most at once */
/* Per home block of 16 cells (after the cells, in the same mapping): the
 * farthest from its home that a key of the block was placed. */
static _Atomic uint8_t *reach;
static atomic_uint_fast64_t untracked;
static atomic_int said_full, said_crowded;
static _Atomic uintptr_t lo = UINTPTR_MAX, hi;
static _Atomic uint64_t page_map[PAGE_BITS / 64];
/* Regions of the table that hold cells (REGION_BITS equal parts): a sweep
 * of thread slots (rw_shadow_forget_slots) reads only those. */
#define REGION_BITS 65536u
static _Atomic uint64_t region_map[REGION_BITS / 64];
static unsigned region_shift;         /* cells per region: 1 << shift */

/* A cell's overflow slots, on a list so that a reset can free them. */
typedef struct more_block {
  struct more_block *next;
  atomic_int lost;                      /* the cell dropped an access */
  rw_shadow_slot slot[RW_SHADOW_MORE];
} more_block;
static rw_spin more_lock = RW_SPIN_INIT;
static more_block *more_list;
static atomic_uint_fast64_t lost, lost_cells;
static _Atomic uintptr_t lost_first;
/* lost_first's variable, labelled then (its module may be gone at exit);
 * lost_named is set once it is written. */
static char lost_name[256];
static _Atomic int lost_named;

static uint64_t hash_key(uintptr_t key) { return rw_hash_u64(key); }

static unsigned page_bit(uintptr_t addr) {
  return (unsigned)(hash_key(addr >> PAGE_SHIFT) >> 48) & (PAGE_BITS - 1);
}

static rw_shadow_cell *map_table(void);

/* The mapping of `cells` cells: the cells, then a reach byte per block. */
static uint64_t map_bytes(size_t cells) {
  return (uint64_t)cells * sizeof(rw_shadow_cell) + cells / 16;
}

/* The table is charged to the memory budget as mapped (every page of it
 * can become resident), and takes at most half of what the budget has at
 * start: with less, it keeps fewer addresses, said once on stderr when
 * RACEWAY_MAX_SHADOW was set (the default is cut silently: README,
 * Memory). */
#define DEFAULT_MAX_SHADOW 1048576u
static size_t fit_budget(size_t cells, size_t *max_cells) {
  uint64_t left = rw_budget_left(), share = left == UINT64_MAX ? left : left / 2;
  uint64_t wanted = map_bytes(cells);
  while (cells > 2048 && map_bytes(cells) > share)
    cells /= 2;
  if (cells / 2 >= *max_cells)
    return cells;
  if (*max_cells != DEFAULT_MAX_SHADOW && !atomic_exchange(&said_cut, 1))
    fprintf(rw_diag_err(), "Raceway: RACEWAY_MAX_SHADOW=%zu needs %llu MiB, more than half of "
            "what RACEWAY_MAX_MEMORY has; keeping %zu addresses (%llu MiB)\n", *max_cells,
            (unsigned long long)(wanted >> 20), cells / 2,
            (unsigned long long)(map_bytes(cells) >> 20));
  *max_cells = cells / 2;
  return cells;
}

int rw_shadow_init(size_t max_cells) {
  if (max_cells == 0 || max_cells > ((size_t)1 << 32))
    return -1;
  size_t cells = 1024;
  while (cells < 2 * max_cells)
    cells *= 2;
  max_asked = max_cells;
  cells = fit_budget(cells, &max_cells);
  charged = map_bytes(cells);
  rw_budget_count(RW_BUDGET_SHADOW, charged);
  table_cells = cells;
  max_used = max_cells;
  for (region_shift = 0; (cells >> region_shift) > REGION_BITS; region_shift++) {}
  /* Map now, not on the first access: threads that start together would
   * otherwise skip their first accesses while one of them maps (and miss
   * the races between them).  Untouched pages cost no memory. */
  return map_table() ? 0 : -2;
}

void rw_shadow_reset(void) {
  rw_spin_reset(&more_lock);   /* fork child: a gone thread may hold it */
  while (more_list) {
    more_block *b = more_list;
    more_list = b->next;
    rw_raw_free(b);
  }
  atomic_store(&lost, 0);
  atomic_store(&lost_cells, 0);
  atomic_store(&lost_first, 0);
  atomic_store(&lost_named, 0);
  /* Unmapped after the state says so: munmap is intercepted, and its
   * forget must not walk the table being unmapped. */
  rw_shadow_cell *old = table;
  atomic_store(&rw_shadow_ready, NULL);
  int was_mapped = atomic_exchange(&map_state, 0) == 2;
  table = NULL;
  reach = NULL;
  if (was_mapped)
    munmap(old, map_bytes(table_cells));
  rw_budget_give(RW_BUDGET_SHADOW, charged);
  charged = 0;
  atomic_store(&used, 0);
  atomic_store(&peak, 0);
  atomic_store(&untracked, 0);
  atomic_store(&said_full, 0);
  atomic_store(&said_crowded, 0);
  atomic_store(&lo, UINTPTR_MAX);
  atomic_store(&hi, 0);
  for (unsigned i = 0; i < PAGE_BITS / 64; i++)
    atomic_store(&page_map[i], 0);
  for (unsigned i = 0; i < REGION_BITS / 64; i++)
    atomic_store(&region_map[i], 0);
}

/* MAP_NORESERVE + lazy zero pages: RSS grows only with cells touched.
 * Never blocks: a thread that finds another one mapping just skips. */
static rw_shadow_cell *map_table(void) {
  int state = atomic_load_explicit(&map_state, memory_order_acquire);
  if (state == 2)
    return table;
  if (state != 0 || table_cells == 0 ||
      !atomic_compare_exchange_strong(&map_state, &state, 1))
    return NULL;
  void *p = mmap(NULL, map_bytes(table_cells), PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) {
    fprintf(rw_diag_err(), "Raceway: cannot map the shadow table (%zu cells); "
                    "race detection is off\n", table_cells);
    atomic_store(&map_state, -1);
    return NULL;
  }
  table = p;
  reach = (_Atomic uint8_t *)(table + table_cells);
  rw_shadow_mask = table_cells - 1;
  atomic_store_explicit(&rw_shadow_ready, table, memory_order_release);
  atomic_store_explicit(&map_state, 2, memory_order_release);
  return table;
}

static void note_full(void) {
  atomic_fetch_add_explicit(&untracked, 1, memory_order_relaxed);
  if (atomic_exchange(&said_full, 1))
    return;
  /* The default is cut to the budget silently at start: name the setting
   * that gives more (lz4 in whole-file mode filled the cut default).  Say
   * that an address counts only while its memory lives (nng, with few
   * objects alive, once filled it with long-freed ones'). */
  static const char why[] = "new addresses are not checked for races while it is "
                            "(an address counts until its memory is freed)";
  if (max_used < max_asked)
    fprintf(rw_log_file(), "Raceway: shadow table full (%zu addresses: RACEWAY_MAX_SHADOW=%zu, "
                    "cut to half of RACEWAY_MAX_MEMORY; raise that); %s\n", max_used,
            max_asked, why);
  else
    fprintf(rw_log_file(), "Raceway: shadow table full (%zu addresses, RACEWAY_MAX_SHADOW); %s\n",
            max_used, why);
}

/* No free cell within MAX_PROBE of a new key's home, the table not full:
 * not a capacity the user can raise by much, so not "full". */
static void note_crowded(void) {
  atomic_fetch_add_explicit(&untracked, 1, memory_order_relaxed);
  if (atomic_exchange(&said_crowded, 1))
    return;
  fprintf(rw_log_file(), "Raceway: shadow table crowded (%zu of %zu addresses live, no free cell "
          "within %d of a new address's home); such addresses are not checked for races\n",
          atomic_load_explicit(&used, memory_order_relaxed), max_used, MAX_PROBE);
}

static void note_region(size_t cell) {
  size_t r = cell >> region_shift;
  atomic_fetch_or_explicit(&region_map[r / 64], 1ull << (r % 64), memory_order_relaxed);
}

static void note_address(uintptr_t addr) {
  uintptr_t v = atomic_load_explicit(&lo, memory_order_relaxed);
  while (addr < v && !atomic_compare_exchange_weak(&lo, &v, addr)) {}
  v = atomic_load_explicit(&hi, memory_order_relaxed);
  while (addr > v && !atomic_compare_exchange_weak(&hi, &v, addr)) {}
  unsigned bit = page_bit(addr);
  atomic_fetch_or_explicit(&page_map[bit / 64], 1ull << (bit % 64), memory_order_relaxed);
}

static void count_live(void) {
  size_t n = atomic_fetch_add_explicit(&used, 1, memory_order_relaxed) + 1;
  size_t p = atomic_load_explicit(&peak, memory_order_relaxed);
  while (n > p && !atomic_compare_exchange_weak(&peak, &p, n)) {}
}

/* The reach of the block of home cell i. */
static unsigned reach_of(size_t i) {
  return atomic_load_explicit(&reach[i >> 4], memory_order_acquire);
}

/* A key of home cell i goes d cells from it: raised before the key is
 * stored, so a lookup that follows the store by happens-before probes as
 * far. */
static void raise_reach(size_t i, unsigned d) {
  _Atomic uint8_t *r = &reach[i >> 4];
  uint8_t v = atomic_load_explicit(r, memory_order_relaxed);
  while (v < d && !atomic_compare_exchange_weak_explicit(r, &v, (uint8_t)d, memory_order_release,
                                                         memory_order_relaxed)) {}
}

static int forget_cell(rw_shadow_cell *c, uintptr_t k,
                       void (*visit)(rw_shadow_cell *, uintptr_t, void *), void *ctx);

/* The live cell of key, NULL if none. */
static rw_shadow_cell *lookup(rw_shadow_cell *tab, uintptr_t key) {
  size_t mask = table_cells - 1, i = rw_shadow_home(key, mask);
  unsigned far = reach_of(i);
  for (unsigned d = 0; d <= far; d++, i = (i + 1) & mask) {
    uintptr_t k = atomic_load_explicit(&tab[i].key, memory_order_acquire);
    if (k == key)
      return &tab[i];
    if (k == 0)
      break;
  }
  return NULL;
}

/* A claim lost to another thread's: probe again. */
#define RETRY ((rw_shadow_cell *)1)

/* Claim cell home+d, whose key was `was` (0 or a tomb), for key. */
static rw_shadow_cell *claim(rw_shadow_cell *tab, uintptr_t key, uintptr_t addr, size_t home,
                             unsigned d, uintptr_t was) {
  if (atomic_load_explicit(&used, memory_order_relaxed) >= max_used) {
    note_full();
    return NULL;
  }
  size_t mask = table_cells - 1, i = (home + d) & mask;
  raise_reach(home, d);
  uintptr_t k = was;
  if (!atomic_compare_exchange_strong_explicit(&tab[i].key, &k, key, memory_order_acq_rel,
                                               memory_order_acquire))
    return k == key ? &tab[i] : RETRY;   /* claimed for us, or the chain changed */
  count_live();
  if (was != (key | TOMB))
    note_address(addr);
  if (was == 0)
    note_region(i);
  /* A thread that probed before a free in the chain may have claimed an
   * earlier cell for the same key: the first one is the key's. */
  for (unsigned e = 0; e < d; e++) {
    rw_shadow_cell *c = &tab[(home + e) & mask];
    if (atomic_load_explicit(&c->key, memory_order_acquire) == key) {
      if (forget_cell(&tab[i], key, NULL, NULL))
        atomic_fetch_sub_explicit(&used, 1, memory_order_relaxed);
      return c;
    }
  }
  return &tab[i];
}

/* Find key's cell or claim one: its own tomb, else the first free cell
 * (a tomb or the 0 that ends the chain), probing past it only within the
 * block's reach.  NULL when full, RETRY when a claim was lost. */
static rw_shadow_cell *find_or_claim(rw_shadow_cell *tab, uintptr_t key, uintptr_t addr) {
  size_t mask = table_cells - 1, home = rw_shadow_home(key, mask), i = home;
  unsigned far = reach_of(home), at = MAX_PROBE;
  uintptr_t was = 0;
  for (unsigned d = 0; d < MAX_PROBE && (d <= far || at == MAX_PROBE);
       d++, i = (i + 1) & mask) {
    uintptr_t k = atomic_load_explicit(&tab[i].key, memory_order_acquire);
    if (k == key)
      return &tab[i];
    if (k == (key | TOMB)) {          /* the address's own cell, freed */
      at = d;
      was = k;
      break;
    }
    if (at == MAX_PROBE && (k == 0 || (k & TOMB))) {
      at = d;
      was = k;
    }
    if (k == 0)
      break;
  }
  if (at == MAX_PROBE) {
    note_crowded();
    return NULL;
  }
  return claim(tab, key, addr, home, at, was);
}

/*
 * Hot path (rw_shadow_find, inline): one multiply, then usually one load
 * and compare of the key in the home cell (live load factor <= 1/2).
 * Here: a lookup, or a claim: a CAS and the bookkeeping above, once per
 * address's life.
 */
rw_shadow_cell *rw_shadow_get(uintptr_t addr, int create) {
  rw_shadow_cell *tab;
  if (__builtin_expect(atomic_load_explicit(&map_state, memory_order_acquire) == 2, 1))
    tab = table;
  else if (!create || !(tab = map_table()))
    return NULL;
  uintptr_t key = (addr >> 3) + 1;
  if (!create)
    return lookup(tab, key);
  for (int t = 0; t < CLAIM_TRIES; t++) {
    rw_shadow_cell *c = find_or_claim(tab, key, addr);
    if (c != RETRY)
      return c;
  }
  atomic_fetch_add_explicit(&untracked, 1, memory_order_relaxed);   /* contention */
  return NULL;
}

/* How long a re-check waits for another thread's claimed slot. */
#define SETTLE_SPINS 256
#define SETTLE_YIELDS 64

uint64_t rw_shadow_wait_settled(rw_shadow_slot *sl) {
  uint64_t m = RW_META_BUSY;
  for (int k = 0; m == RW_META_BUSY && k < SETTLE_SPINS + SETTLE_YIELDS; k++) {
    if (k < SETTLE_SPINS)
      rw_cpu_relax();
    else
      sched_yield();
    m = atomic_load_explicit(&sl->meta, memory_order_acquire);
  }
  return m;
}

rw_shadow_slot *rw_shadow_more(rw_shadow_cell *c) {
  rw_shadow_slot *more = atomic_load_explicit(&c->more, memory_order_acquire);
  if (more)
    return more;
  more_block *b = rw_raw_calloc(1, sizeof *b);
  if (!b)
    return NULL;
  /* seq_cst: the detector's Dekker check reads `more` with a seq_cst load
   * after its seq_cst store and must see an overflow attached before. */
  if (!atomic_compare_exchange_strong_explicit(&c->more, &more, b->slot,
                                               memory_order_seq_cst, memory_order_acquire)) {
    rw_raw_free(b);            /* another thread attached one first */
    return more;
  }
  rw_spin_lock(&more_lock);
  b->next = more_list;
  more_list = b;
  rw_spin_unlock(&more_lock);
  return b->slot;
}

void rw_shadow_note_lost(rw_shadow_cell *c, uintptr_t addr, const raceway_site *site) {
  atomic_fetch_add_explicit(&lost, 1, memory_order_relaxed);
  uintptr_t none = 0;
  if (atomic_compare_exchange_strong(&lost_first, &none, addr)) {
    rw_label_variable(site, addr, lost_name, sizeof lost_name);
    atomic_store_explicit(&lost_named, 1, memory_order_release);
  }
  rw_shadow_slot *more = atomic_load_explicit(&c->more, memory_order_acquire);
  if (more) {
    more_block *b = (more_block *)((char *)more - offsetof(more_block, slot));
    if (!atomic_exchange_explicit(&b->lost, 1, memory_order_relaxed))
      atomic_fetch_add_explicit(&lost_cells, 1, memory_order_relaxed);
  }
}

/* 1 if the cell holds an access. */
static int cell_used(rw_shadow_cell *c) {
  rw_shadow_slot *more = atomic_load_explicit(&c->more, memory_order_acquire);
  for (int s = 0; s < RW_SHADOW_ALL; s++) {
    rw_shadow_slot *sl = rw_shadow_slot_at(c, more, s);
    if (!sl)
      break;
    if (atomic_load_explicit(&sl->meta, memory_order_relaxed))
      return 1;
  }
  return 0;
}

static void clear_cell(rw_shadow_cell *c) {
  rw_shadow_slot *more = atomic_load_explicit(&c->more, memory_order_acquire);
  for (int s = 0; s < RW_SHADOW_ALL; s++) {
    rw_shadow_slot *sl = rw_shadow_slot_at(c, more, s);
    if (!sl)
      break;
    atomic_store_explicit(&sl->meta, 0, memory_order_release);
  }
}

/* Forget live cell c of key k: visit it if it holds an access, clear it,
 * then make its key a tomb (in that order: a thread that claims the tomb
 * finds it clear).  1 if this call made the tomb (the caller takes it off
 * the live count, once for a whole line). */
static int forget_cell(rw_shadow_cell *c, uintptr_t k,
                       void (*visit)(rw_shadow_cell *, uintptr_t, void *), void *ctx) {
  if (visit && cell_used(c))
    visit(c, (k - 1) << 3, ctx);
  clear_cell(c);
  return atomic_compare_exchange_strong_explicit(&c->key, &k, k | TOMB, memory_order_acq_rel,
                                                 memory_order_relaxed);
}

/* Forget the keys ka..kb of one home block (ka >> 4 == kb >> 4) in one
 * walk over the cells they can be in: from ka's home to kb's plus the
 * block's reach, or a 0 past kb's home (it ends every chain before it). */
static void forget_keys(uintptr_t ka, uintptr_t kb,
                        void (*visit)(rw_shadow_cell *, uintptr_t, void *), void *ctx) {
  size_t mask = table_cells - 1, i = rw_shadow_home(ka, mask);
  size_t homes = (size_t)(kb - ka), n = homes + reach_of(i) + 1, gone = 0;
  for (size_t d = 0; d < n; d++, i = (i + 1) & mask) {
    uintptr_t k = atomic_load_explicit(&table[i].key, memory_order_acquire);
    if (k == 0 && d >= homes)
      break;
    if (k >= ka && k <= kb)           /* live (a tomb has the top bit) */
      gone += (size_t)forget_cell(&table[i], k, visit, ctx);
  }
  if (gone)
    atomic_fetch_sub_explicit(&used, gone, memory_order_relaxed);
}

void rw_shadow_forget(uintptr_t addr, size_t len,
                      void (*visit)(rw_shadow_cell *cell, uintptr_t addr, void *ctx),
                      void *ctx) {
  if (len == 0 || atomic_load_explicit(&map_state, memory_order_acquire) != 2)
    return;
  uintptr_t a = addr & ~(uintptr_t)7, end = addr + len;
  uintptr_t l = atomic_load_explicit(&lo, memory_order_relaxed) & ~(uintptr_t)7;
  uintptr_t h = atomic_load_explicit(&hi, memory_order_relaxed);
  if (end <= l || a > h || end < addr)
    return;
  if (a < l)
    a = l;
  if (end > h + 1)
    end = h + 1;
  while (a < end) {
    uintptr_t page_end = ((a >> PAGE_SHIFT) + 1) << PAGE_SHIFT;
    unsigned bit = page_bit(a);
    uint64_t word = atomic_load_explicit(&page_map[bit / 64], memory_order_relaxed);
    if (word & (1ull << (bit % 64))) {
      uintptr_t stop = end < page_end ? end : page_end;
      uintptr_t ka = (a >> 3) + 1, kb = ((stop - 1) >> 3) + 1;
      for (uintptr_t k = ka; k <= kb; k = (k | 15) + 1)
        forget_keys(k, (k | 15) < kb ? (k | 15) : kb, visit, ctx);
    }
    a = page_end;
  }
}

/* Clear cell c's slots that hold an access of a dead thread slot. */
static void forget_in_cell(rw_shadow_cell *c, const uint8_t *dead, uint32_t n) {
  rw_shadow_slot *more = atomic_load_explicit(&c->more, memory_order_acquire);
  for (int i = 0; i < RW_SHADOW_ALL; i++) {
    rw_shadow_slot *sl = rw_shadow_slot_at(c, more, i);
    if (!sl)
      break;
    uint64_t m = atomic_load_explicit(&sl->meta, memory_order_relaxed);
    uint32_t slot = rw_meta_slot(m);
    /* Relaxed: the slots go to new threads only after the sweep ends
     * under the slot registry's lock, which orders these stores before
     * any access of theirs, or of a thread that learns their epochs. */
    if (m && slot < n && dead[slot])
      atomic_compare_exchange_strong_explicit(&sl->meta, &m, 0, memory_order_relaxed,
                                              memory_order_relaxed);
  }
}

void rw_shadow_forget_slots(const uint8_t *dead, uint32_t n) {
  if (atomic_load_explicit(&map_state, memory_order_acquire) != 2)
    return;
  size_t per = (size_t)1 << region_shift;
  for (unsigned w = 0; w < REGION_BITS / 64; w++) {
    uint64_t bits = atomic_load_explicit(&region_map[w], memory_order_relaxed);
    for (; bits; bits &= bits - 1) {
      size_t first = ((size_t)w * 64 + (size_t)__builtin_ctzll(bits)) * per;
      /* Tombs too: an access a use-after-free recorded into a freed
       * cell must not outlive its thread's slot either. */
      for (size_t i = first; i < first + per && i < table_cells; i++)
        if (atomic_load_explicit(&table[i].key, memory_order_acquire))
          forget_in_cell(&table[i], dead, n);
    }
  }
}

void rw_shadow_get_stats(rw_shadow_stats *out) {
  out->capacity = max_used;
  out->used = atomic_load(&used);
  out->peak = atomic_load(&peak);
  out->untracked = atomic_load(&untracked);
  out->lost = atomic_load(&lost);
  out->lost_cells = atomic_load(&lost_cells);
  out->lost_first = atomic_load(&lost_first);
  out->lost_variable = atomic_load_explicit(&lost_named, memory_order_acquire) ? lost_name : NULL;
}
