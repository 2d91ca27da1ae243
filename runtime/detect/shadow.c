/*
 * shadow.c - bounded, lock-free shadow table keyed by address.
 *
 * Open addressing with linear probing over cells of 8 application bytes.
 * A cell's key is claimed once with a CAS and never released: freed memory
 * clears the cell's slots (rw_shadow_forget) and a later access at the
 * same address reuses the cell, which is what malloc's reuse of addresses
 * makes common.  Capacity counts distinct addresses ever tracked.
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
#include "common/hash.h"
#include "common/rawalloc.h"
#include "common/spin.h"
#include "detect/log.h"

#define MAX_PROBE 64
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
static atomic_size_t used;
static atomic_uint_fast64_t untracked;
static atomic_int said_full;
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

static uint64_t hash_key(uintptr_t key) { return rw_hash_u64(key); }

static unsigned page_bit(uintptr_t addr) {
  return (unsigned)(hash_key(addr >> PAGE_SHIFT) >> 48) & (PAGE_BITS - 1);
}

static rw_shadow_cell *map_table(void);

/* The table is charged to the memory budget as mapped (every page of it
 * can become resident), and takes at most half of what the budget has at
 * start: with less, it keeps fewer addresses, said once on stderr when
 * RACEWAY_MAX_SHADOW was set (the default is cut silently: README,
 * Memory). */
#define DEFAULT_MAX_SHADOW 1048576u
static size_t fit_budget(size_t cells, size_t *max_cells) {
  uint64_t left = rw_budget_left(), share = left == UINT64_MAX ? left : left / 2;
  uint64_t wanted = (uint64_t)cells * sizeof(rw_shadow_cell);
  while (cells > 2048 && (uint64_t)cells * sizeof(rw_shadow_cell) > share)
    cells /= 2;
  if (cells / 2 >= *max_cells)
    return cells;
  if (*max_cells != DEFAULT_MAX_SHADOW && !atomic_exchange(&said_cut, 1))
    fprintf(stderr, "Raceway: RACEWAY_MAX_SHADOW=%zu needs %llu MiB, more than half of "
            "what RACEWAY_MAX_MEMORY has; keeping %zu addresses (%llu MiB)\n", *max_cells,
            (unsigned long long)(wanted >> 20), cells / 2,
            (unsigned long long)(((uint64_t)cells * sizeof(rw_shadow_cell)) >> 20));
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
  charged = (uint64_t)cells * sizeof(rw_shadow_cell);
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
  /* Unmapped after the state says so: munmap is intercepted, and its
   * forget must not walk the table being unmapped. */
  rw_shadow_cell *old = table;
  atomic_store(&rw_shadow_ready, NULL);
  int was_mapped = atomic_exchange(&map_state, 0) == 2;
  table = NULL;
  if (was_mapped)
    munmap(old, table_cells * sizeof(rw_shadow_cell));
  rw_budget_give(RW_BUDGET_SHADOW, charged);
  charged = 0;
  atomic_store(&used, 0);
  atomic_store(&untracked, 0);
  atomic_store(&said_full, 0);
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
  void *p = mmap(NULL, table_cells * sizeof(rw_shadow_cell), PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) {
    fprintf(stderr, "Raceway: cannot map the shadow table (%zu cells); "
                    "race detection is off\n", table_cells);
    atomic_store(&map_state, -1);
    return NULL;
  }
  table = p;
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
   * that freed memory's addresses still count: nng, with few objects alive
   * at once, filled the table with the addresses of ones freed long ago. */
  static const char why[] = "new addresses are not checked for races (every address "
                            "ever tracked counts, freed memory's too)";
  if (max_used < max_asked)
    fprintf(rw_log_file(), "Raceway: shadow table full (%zu addresses: RACEWAY_MAX_SHADOW=%zu, "
                    "cut to half of RACEWAY_MAX_MEMORY; raise that); %s\n", max_used,
            max_asked, why);
  else
    fprintf(rw_log_file(), "Raceway: shadow table full (%zu addresses, RACEWAY_MAX_SHADOW); %s\n",
            max_used, why);
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


/*
 * Hot path: one multiply, then usually one load and compare of the key in
 * the home cell (load factor <= 1/2).  Creating a cell costs a CAS and the
 * bookkeeping above, once per address.
 */
rw_shadow_cell *rw_shadow_get(uintptr_t addr, int create) {
  rw_shadow_cell *tab;
  if (__builtin_expect(atomic_load_explicit(&map_state, memory_order_acquire) == 2, 1))
    tab = table;
  else if (!create || !(tab = map_table()))
    return NULL;
  uintptr_t key = (addr >> 3) + 1;
  size_t mask = table_cells - 1;
  size_t i = rw_shadow_home(key, mask);
  for (unsigned probe = 0; probe < MAX_PROBE; probe++, i = (i + 1) & mask) {
    uintptr_t k = atomic_load_explicit(&tab[i].key, memory_order_acquire);
    if (k == key)
      return &tab[i];
    if (k != 0)
      continue;
    if (!create)
      return NULL;
    if (atomic_load_explicit(&used, memory_order_relaxed) >= max_used) {
      note_full();
      return NULL;
    }
    if (atomic_compare_exchange_strong_explicit(&tab[i].key, &k, key,
                                                memory_order_acq_rel,
                                                memory_order_acquire)) {
      atomic_fetch_add_explicit(&used, 1, memory_order_relaxed);
      note_address(addr);
      note_region(i);
      return &tab[i];
    }
    if (k == key)             /* another thread claimed it for us */
      return &tab[i];
  }
  if (create)
    note_full();
  return NULL;
}

/* Pause in a spin loop. */
static inline void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ volatile("yield");
#endif
}

/* How long a re-check waits for another thread's claimed slot. */
#define SETTLE_SPINS 256
#define SETTLE_YIELDS 64

uint64_t rw_shadow_wait_settled(rw_shadow_slot *sl) {
  uint64_t m = RW_META_BUSY;
  for (int k = 0; m == RW_META_BUSY && k < SETTLE_SPINS + SETTLE_YIELDS; k++) {
    if (k < SETTLE_SPINS)
      cpu_relax();
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

void rw_shadow_note_lost(rw_shadow_cell *c, uintptr_t addr) {
  atomic_fetch_add_explicit(&lost, 1, memory_order_relaxed);
  uintptr_t none = 0;
  atomic_compare_exchange_strong(&lost_first, &none, addr);
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
      for (uintptr_t c = a; c < end && c < page_end; c += 8) {
        rw_shadow_cell *cell = rw_shadow_get(c, 0);
        if (cell && visit && cell_used(cell))
          visit(cell, c, ctx);
        if (cell)
          clear_cell(cell);
      }
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
      for (size_t i = first; i < first + per && i < table_cells; i++)
        if (atomic_load_explicit(&table[i].key, memory_order_acquire))
          forget_in_cell(&table[i], dead, n);
    }
  }
}

void rw_shadow_get_stats(rw_shadow_stats *out) {
  out->capacity = max_used;
  out->used = atomic_load(&used);
  out->untracked = atomic_load(&untracked);
  out->lost = atomic_load(&lost);
  out->lost_cells = atomic_load(&lost_cells);
  out->lost_first = atomic_load(&lost_first);
}
