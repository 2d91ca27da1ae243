/*
 * shadow.h - the detector's shadow table (runtime/shadow.c).
 *
 * One cell per 8-byte-aligned application address that a tracked access
 * touched and whose memory was not freed since, found by open addressing
 * on the address; capacity (live addresses) fixed at start
 * (RACEWAY_MAX_SHADOW), mapped lazily so untouched capacity costs no RSS.
 * A freed address's cell is kept as a tomb, taken back by the address's
 * next access or by a new address (shadow.c).  Each cell keeps RW_SHADOW_SLOTS accesses, as TSan v3 does, and,
 * when those all hold accesses that a new one does not supersede (the
 * detector decides), RW_SHADOW_MORE more in an overflow block allocated
 * for that cell; only past both is an access dropped, and counted
 * (rw_shadow_note_lost, said in the report).
 *
 * The cell protocol (detector.c).  A slot's meta word is 0 (empty), a
 * recorded access, or RW_META_BUSY (1: claimed by a thread writing it; mask
 * 0, so it conflicts with nothing).  A thread recording an access:
 *  1. loads the metas and checks each against its access;
 *  2. claims one slot with a seq_cst CAS from the meta it checked to
 *     RW_META_BUSY (a failed CAS: the slot changed, check again; bounded);
 *  3. writes the details (relaxed stores), then the meta with a release
 *     store: a reader loads meta (acquire), the details, then meta again,
 *     and drops the details if meta changed;
 *  4. loads every meta again, seq_cst, and checks those changed since
 *     step 1.  Step 2 is the store half of a Dekker pair: of two threads
 *     recording into one cell at the same moment, at least one sees the
 *     other's slot here, published or claimed; a claimed slot is waited
 *     for (bounded spin, then yields), since its claimer's step 4 may have
 *     run before our claim.
 * One locked instruction per recorded access (the CAS); TSan v3 uses
 * none (plain stores, losing a race when two accesses meet), but a race
 * made of one access per thread, as in a test, must not be lost.
 * Others that change a slot: forgetting freed memory stores 0 (a claimed
 * slot's claimer then publishes over it: its access raced with the free);
 * anything else must CAS from the meta it read, so it never overwrites a
 * claim (rw_shadow_forget_slots does).  Race decisions use the meta word alone, so a torn slot can only
 * blur a report's detail.
 */
#ifndef RW_SHADOW_H
#define RW_SHADOW_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "common/export.h"
#include "common/hash.h"
#include "raceway/abi.h"

#define RW_SHADOW_SLOTS 4
#define RW_SHADOW_MORE 12
#define RW_SHADOW_ALL (RW_SHADOW_SLOTS + RW_SHADOW_MORE)

/* meta word: epoch 36 | thread slot 18 | byte mask 8 | atomic 1 | write 1.
 * 0 = empty slot (a live access has a nonzero mask). */
#define RW_META_EPOCH_BITS 36
#define RW_META_SLOT_BITS 18
#define RW_META_MAX_SLOT ((1u << RW_META_SLOT_BITS) - 1)
#define RW_META_MAX_EPOCH ((1ull << RW_META_EPOCH_BITS) - 1)

/* A slot claimed by a thread that is writing it (never picked, conflicts
 * with nothing: mask 0). */
#define RW_META_BUSY 1u

static inline uint64_t rw_meta_make(uint32_t slot, uint64_t epoch, unsigned mask,
                                    int is_write, int is_atomic) {
  return (epoch << 28) | ((uint64_t)slot << 10) | ((uint64_t)mask << 2) |
         ((uint64_t)!!is_atomic << 1) | (uint64_t)!!is_write;
}
static inline uint64_t rw_meta_epoch(uint64_t m) { return m >> 28; }
static inline uint32_t rw_meta_slot(uint64_t m) { return (uint32_t)(m >> 10) & RW_META_MAX_SLOT; }
static inline unsigned rw_meta_mask(uint64_t m) { return (unsigned)(m >> 2) & 0xff; }
static inline int rw_meta_atomic(uint64_t m) { return (int)(m >> 1) & 1; }
static inline int rw_meta_write(uint64_t m) { return (int)m & 1; }

typedef struct rw_shadow_slot {
  _Atomic uint64_t meta;
  const raceway_site *site;    /* details, for the report */
  uint64_t seq;                /* event seq of the access */
  uint64_t old_value, new_value;
  uint32_t lockset;            /* interned held-lock set (report.c) */
  uint32_t unused;
  const void *pc;              /* where the access is: its hook's return
                                  address (the report's stack)       */
} rw_shadow_slot;

typedef struct rw_shadow_cell {
  _Atomic uintptr_t key;       /* (addr >> 3) + 1; 0 = never used; with
                                  the top bit: freed (a tomb).  Can
                                  change to another address once freed:
                                  a cell kept across accesses (the
                                  detector's memo) is checked first  */
  rw_shadow_slot slot[RW_SHADOW_SLOTS];
  _Atomic(rw_shadow_slot *) more;  /* RW_SHADOW_MORE overflow slots or
                                      NULL; never freed while mapped  */
} rw_shadow_cell;

/* Slot i (0 <= i < RW_SHADOW_ALL) of cell c whose overflow is `more`
 * (loaded once by the caller), NULL past the primary slots without one. */
static inline rw_shadow_slot *rw_shadow_slot_at(rw_shadow_cell *c, rw_shadow_slot *more,
                                                int i) {
  if (i < RW_SHADOW_SLOTS)
    return &c->slot[i];
  return more ? &more[i - RW_SHADOW_SLOTS] : NULL;
}
/* The meta word of slot sl for a re-check (seq_cst, step 4).  A slot
 * another thread holds claimed (RW_META_BUSY) is waited for: its claim
 * came before this load, so its own re-check may have run before our
 * claim and missed us; we must see what it records.  It publishes a few
 * stores later; bounded all the same (spins, then yields of the
 * processor: a thread preempted there for long is left). */
uint64_t rw_shadow_wait_settled(rw_shadow_slot *sl);
static inline uint64_t rw_shadow_load_settled(rw_shadow_slot *sl) {
  uint64_t m = atomic_load_explicit(&sl->meta, memory_order_seq_cst);
  return m == RW_META_BUSY ? rw_shadow_wait_settled(sl) : m;
}
/* New values for the details of the slot whose meta word is `meta`, by
 * the thread that recorded it (relaxed: a reader may get them blurred). */
static inline void rw_shadow_set_values(_Atomic uint64_t *meta, uint64_t old_value,
                                        uint64_t new_value) {
  rw_shadow_slot *sl = (rw_shadow_slot *)((char *)meta - offsetof(rw_shadow_slot, meta));
  __atomic_store_n(&sl->old_value, old_value, __ATOMIC_RELAXED);
  __atomic_store_n(&sl->new_value, new_value, __ATOMIC_RELAXED);
}
/* The cell's overflow slots, allocated (zeroed) on first use; NULL when
 * memory ran out. */
rw_shadow_slot *rw_shadow_more(rw_shadow_cell *c);
/* An access (at addr, by site) was dropped from cell c, full with its
 * overflow (counted, and the cells that dropped any; the first address
 * and its variable are kept for the report). */
void rw_shadow_note_lost(rw_shadow_cell *c, uintptr_t addr, const raceway_site *site);

/* Size and map the table for max_cells addresses (untouched pages cost no
 * memory), fewer if the mapping would take more than half of what the
 * memory budget has left (RW_BUDGET_SHADOW, charged as mapped).  0; -1 if
 * the size is unusable, -2 if the mapping failed (said on stderr); then
 * nothing is tracked. */
int rw_shadow_init(size_t max_cells);
/* Release the mapping (tests; not at exit, other threads may still run). */
void rw_shadow_reset(void);

/* The cell of addr, created if `create` (a tomb reused: the address's
 * own, else the first on its way); NULL when absent or the table is full
 * (counted; said once on stderr). */
rw_shadow_cell *rw_shadow_get(uintptr_t addr, int create);

/* The table once mapped (release; NULL before, and from a reset on) and
 * its size - 1: rw_shadow_find's inline hit. */
extern RW_HIDDEN _Atomic(rw_shadow_cell *) rw_shadow_ready;
extern RW_HIDDEN size_t rw_shadow_mask;
/* The home cell of a key ((addr >> 3) + 1): runs of 16 neighbouring keys
 * (128 application bytes) share one hashed block of cells, so a dense
 * array or struct touches a few pages of the table, not one per address. */
static inline size_t rw_shadow_home(uintptr_t key, size_t mask) {
  return (size_t)(((rw_hash_u64(key >> 4) >> 20) << 4) | (key & 15)) & mask;
}
/* rw_shadow_get(addr, 1), its common case inline: the address's cell is
 * its home cell (load factor <= 1/2). */
static inline rw_shadow_cell *rw_shadow_find(uintptr_t addr) {
  rw_shadow_cell *tab = atomic_load_explicit(&rw_shadow_ready, memory_order_acquire);
  uintptr_t key = (addr >> 3) + 1;
  if (__builtin_expect(tab != NULL, 1)) {
    rw_shadow_cell *c = &tab[rw_shadow_home(key, rw_shadow_mask)];
    if (atomic_load_explicit(&c->key, memory_order_acquire) == key)
      return c;
  }
  return rw_shadow_get(addr, 1);
}
/* Clear the slots of every cell in [addr, addr+len) and free the cells
 * (tombs); visit(cell, ctx), if not NULL, sees each cell that holds
 * something first.  Cheap where nothing was tracked: the bounds of every
 * tracked address and a bitmap of pages that ever held cells are checked
 * first; then one walk over the cells a 128-byte line's keys can be in. */
void rw_shadow_forget(uintptr_t addr, size_t len,
                      void (*visit)(rw_shadow_cell *cell, uintptr_t addr, void *ctx),
                      void *ctx);

/* Clear every slot that holds an access of a thread slot s < n with
 * dead[s] set, in the cells in use (a region map, set when a cell is
 * created, skips the rest of the mapping).  Each slot is cleared by a CAS
 * from what was read: a thread that claimed or rewrote it meanwhile keeps
 * its access.  The caller makes sure no thread records for those slots. */
void rw_shadow_forget_slots(const uint8_t *dead, uint32_t n);

typedef struct rw_shadow_stats {
  size_t capacity;     /* addresses that can be tracked       */
  size_t used;         /* addresses tracked now (live)         */
  size_t peak;         /* the most tracked at once             */
  uint64_t untracked;  /* accesses to new addresses when full  */
  uint64_t lost;       /* accesses dropped from full cells     */
  uint64_t lost_cells; /* cells that dropped one (at least)    */
  uintptr_t lost_first;/* the first such address, 0: none      */
  const char *lost_variable; /* its variable, labelled when it was
                                dropped; NULL: none               */
} rw_shadow_stats;
void rw_shadow_get_stats(rw_shadow_stats *out);

#endif
