/*
 * sync.h - happens-before for synchronisation objects (runtime/sync.c) and
 * the thread-lifecycle hand-off used by the interceptors.
 *
 * Every operation updates the calling thread's clock (its rw_hb) and, when
 * the clock changed, sets hb->vc_changed so that capture gives the next
 * event a fresh causality vector (capture clears it).  Sync objects are
 * keyed by address; rw_sync_reset(addr) (destroy / re-init) drops one's
 * clocks and bumps its generation, so a new lock at an old address gets a
 * new lock_id while the memory lives; rw_sync_reset_range (free, munmap)
 * removes the objects inside entirely, generation and all.
 */
#ifndef RW_SYNC_H
#define RW_SYNC_H

#include <stddef.h>
#include <stdint.h>
#include <stdatomic.h>

#include "common/export.h"
#include "hb/vclock.h"
#include "raceway/abi.h"

#define RW_MAX_HELD 16
#define RW_SYNC_SEEN 16
#define RW_LOCKSET_ONE 16

/* What a thread last took from the sync object at addr (sync.c): the
 * version of the object's table bucket then (`ver` points at it), which
 * clocks it joined (RW_SEEN_* bits) and the object's generation.  While
 * the version is unchanged the object is too: taking it again adds
 * nothing. */
struct rw_sync_seen {
  uintptr_t addr;
  const _Atomic uint64_t *ver;
  uint64_t version;
  uint32_t gen;
  uint8_t into;
};
/* Beside seen[i] (kept apart so that seen[]'s fast path indexes 32-byte
 * entries): C_t holds the clock of thread incarnation `id` (rw_hb id; 0:
 * none) as it was after `joins` joins, taken from the object seen[i]
 * names when its clock was all that thread's (sync.c's `single`).  C_t
 * only grows, so this stays true while seen[i] names the object. */
struct rw_sync_from {
  uint64_t id, joins;
};
#define RW_SEEN_CLOCK 1u   /* the object's clock, into C_t              */
#define RW_SEEN_READ 2u    /* its read-unlock clock, into C_t           */
#define RW_SEEN_FENCE 4u   /* its clock, into fence_acq (relaxed loads) */
#define RW_SEEN_USED 8u    /* taken by a lock acquire: the object exists
                              and is marked used (its generation counts) */

/* Per-thread happens-before state, embedded in rw_thread as `hb`. */
typedef struct rw_hb {
  uint32_t slot;       /* the thread's slot: vc.c[slot] is its epoch      */
  uint8_t vc_changed;  /* vc changed since capture last took a snapshot   */
  uint64_t id;         /* this thread incarnation, unique in the process  */
  uint64_t joins;      /* joins that changed vc: with id, names a clock up
                          to the own entry (sync.c's O(1) re-release)     */
  rw_vc vc;            /* C_t; vc.c[slot] is this thread's epoch          */
  rw_vc fence_rel;     /* clock at the last release fence                 */
  rw_vc fence_acq;     /* clocks seen by relaxed loads since last acquire
                          fence                                           */
  /* Locks held now, in acquisition order, kept by rw_sync_acquire/release
   * (the detector's explanations; recursive holds counted in `depth`;
   * `kind`, an enum rw_lock_kind, so the report spells the lock id as the
   * events do: rw_label_lock in common/label.h). */
  struct rw_held {
    uintptr_t addr;
    uint32_t gen;
    uint16_t depth;
    uint8_t shared;
    uint8_t kind;
  } held[RW_MAX_HELD];
  uint32_t nheld;      /* entries used; locks past RW_MAX_HELD are not listed */
  uint32_t lockset;    /* interned id of held[] (lockset.h) for the
                          detector; RW_LOCKSET_STALE after a change        */
  /* One-lock sets interned, by the lock's address (lockset.c): a thread
   * taking one lock at a time among a few (stripes) interns no set. */
  struct rw_lockset_one {
    uint32_t id;                  /* 0: none                             */
    struct rw_held held;
  } lockset_one[RW_LOCKSET_ONE];
  struct rw_sync_seen seen[RW_SYNC_SEEN]; /* by address hash           */
  struct rw_sync_from seen_from[RW_SYNC_SEEN];
} rw_hb;

/*
 * Lock, atomic and fence edges start when they can matter: at the first
 * tracked access or manual event anywhere (rw_sync_note_access).  Until
 * then those operations only keep the held-lock lists.  An edge made
 * before cannot order accesses made after (every edge of a chain from an
 * access comes after it), so no order is lost.  Thread create and join
 * always take their edges (rare, and they shape every event's clock).
 */
extern _Atomic int rw_sync_live;
/* 1 while a lock operation may leave no trace but a lazy entry
 * (capture.h): tracking not started and lock events held back.  Only
 * ever cleared (by rw_sync_note_access, and rw_sync_no_lazy_locks when
 * RACEWAY_LOCK_EVENTS=all), so one relaxed load tells a lock path both. */
extern RW_HIDDEN _Atomic int rw_sync_lazy;
/* rw_sync_lazy, relaxed, for the lock interceptors: a volatile read of the
 * int (how compiler-rt's relaxed loads are built on x86), which the
 * compiler folds into one compare where an atomic load is a load and a
 * test.  TSan builds keep the atomic load. */
static inline int rw_sync_lazy_now(void) {
#if RW_TSAN
  return atomic_load_explicit(&rw_sync_lazy, memory_order_relaxed);
#else
  return *(const volatile int *)&rw_sync_lazy;
#endif
}
static inline void rw_sync_no_lazy_locks(void) {
  atomic_store_explicit(&rw_sync_lazy, 0, memory_order_release);
}

#define RW_LOCKSET_STALE UINT32_MAX

/* The thread records a tracked access or manual event: edges matter from
 * now on.  Inline, on every tracked access: one load. */
static inline void rw_sync_note_access(void) {
  if (__builtin_expect(!atomic_load_explicit(&rw_sync_live, memory_order_relaxed), 0)) {
    atomic_store_explicit(&rw_sync_live, 1, memory_order_release);
    rw_sync_no_lazy_locks();
  }
}


void rw_sync_hb_init(rw_hb *hb, uint32_t slot);
void rw_sync_hb_destroy(rw_hb *hb);
/* C_t := C_t join src (thread join, async await, a spawn's start clock). */
void rw_sync_join(rw_hb *hb, const rw_vc *src);


/* Lock-like objects (mutex, rwlock, spin, mtx_t, manual locks).
 * `shared` = 1 for read-mode rwlock operations; kind: enum rw_lock_kind.
 * rw_sync_acquire returns the object's generation.  Inline: before
 * tracking starts, the first lock a thread holds costs a few stores (no
 * sync object exists yet, so its generation is 0). */
uint32_t rw_sync_acquire_slow(rw_hb *hb, uintptr_t addr, int shared, unsigned kind);
void rw_sync_release_slow(rw_hb *hb, uintptr_t addr, int shared);
static inline __attribute__((always_inline)) uint32_t
rw_sync_acquire(rw_hb *hb, uintptr_t addr, int shared, unsigned kind) {
  if (!atomic_load_explicit(&rw_sync_live, memory_order_relaxed) && hb->nheld == 0) {
    hb->held[0] = (struct rw_held){addr, 0, 1, (uint8_t)!!shared, (uint8_t)kind};
    hb->nheld = 1;
    hb->lockset = RW_LOCKSET_STALE;
    return 0;
  }
  return rw_sync_acquire_slow(hb, addr, shared, kind);
}
static inline __attribute__((always_inline)) void
rw_sync_release(rw_hb *hb, uintptr_t addr, int shared) {
  if (!atomic_load_explicit(&rw_sync_live, memory_order_relaxed) && hb->nheld == 1 &&
      hb->held[0].addr == addr && hb->held[0].depth == 1 && hb->held[0].shared == !!shared) {
    hb->nheld = 0;
    hb->lockset = RW_LOCKSET_STALE;
    return;
  }
  rw_sync_release_slow(hb, addr, shared);
}
/* The held list (hb->held): another hold of (addr, gen, shared), a new
 * entry or depth + 1; and one hold of (addr, shared) less (unlocking a
 * lock this thread does not hold changes nothing).  An added or removed
 * entry marks the interned lock set stale (lockset.h). */
static inline void rw_sync_held_push(rw_hb *hb, uintptr_t addr, uint32_t gen, int shared,
                                     unsigned kind) {
  for (uint32_t i = 0; i < hb->nheld; i++) {
    struct rw_held *h = &hb->held[i];
    if (h->addr == addr && h->gen == gen && h->shared == !!shared) {
      if (h->depth < UINT16_MAX)
        h->depth++;
      return;
    }
  }
  if (hb->nheld < RW_MAX_HELD) {
    hb->held[hb->nheld++] = (struct rw_held){addr, gen, 1, (uint8_t)!!shared, (uint8_t)kind};
    hb->lockset = RW_LOCKSET_STALE;
  }
}

static inline void rw_sync_held_pop(rw_hb *hb, uintptr_t addr, int shared) {
  for (uint32_t i = hb->nheld; i-- > 0;) {
    struct rw_held *h = &hb->held[i];
    if (h->addr != addr || h->shared != !!shared)
      continue;
    if (--h->depth == 0) {
      for (uint32_t j = i; j + 1 < hb->nheld; j++)
        hb->held[j] = hb->held[j + 1];
      hb->nheld--;
      hb->lockset = RW_LOCKSET_STALE;
    }
    return;
  }
}

/* A hold taken before tracking started (rw_sync_live), recorded now
 * (capture.h's lazy locks): the held entry with the object's generation
 * (returned), and no edge, as rw_sync_acquire would have made then. */
uint32_t rw_sync_hold(rw_hb *hb, uintptr_t addr, int shared, unsigned kind);

/* rw_sync_acquire returns the object's generation; so does this, for a
 * lock the thread holds (without a table lookup), else it looks it up. */
uint32_t rw_sync_held_generation(const struct rw_hb *hb, uintptr_t addr);
/* Current generation of the object at addr (0 until first reset). */
uint32_t rw_sync_generation(uintptr_t addr);
void rw_sync_reset(uintptr_t addr);
/* In a fork child: release the table's locks, which a thread that no
 * longer exists may have held at the fork. */
void rw_sync_after_fork(void);
/* The memory [addr, addr+len) is released (free, munmap, a recycled OMPT
 * object): its sync objects are removed, clocks, generation and all.  Costs
 * one load per 1 MiB and per 4 KiB page that holds objects, whatever the
 * table's size (common/addrset.h). */
void rw_sync_reset_range(uintptr_t addr, size_t len);
/* The threads of the slots s < n with dead[s] set ended, and their slots
 * go to threads not ordered after them (rt/sweep.c): an object whose
 * clock is one of those threads' at an epoch stops saying so (a new
 * thread's later epochs would seem to know it), and one whose release
 * sequence such a thread heads ends it (a new one would go on with it). */
void rw_sync_forget_threads(const uint8_t *dead, uint32_t n);
/* Sync-object records alive now, and records the memory budget refused
 * (those objects order nothing). */
void rw_sync_counts(uint64_t *records, uint64_t *refused);

/* Atomics and fences on any address (order: enum raceway_order).  A caller
 * that knows the operation is a pure load or a pure store may OR in
 * RW_SYNC_LOAD / RW_SYNC_STORE: a load then has no release half and a
 * store no acquire half (a seq_cst load does not publish), and a store's
 * release half follows C11's release sequences: a plain store by another
 * thread ends them (a relaxed one publishes nothing of theirs), an RMW
 * continues them.  Without the flag both halves follow the order and the
 * operation counts as an RMW, which can only add edges. */
#define RW_SYNC_LOAD 0x100
#define RW_SYNC_STORE 0x200
/* RW_SYNC_HOLD_TICK: the release half publishes the clock but leaves the
 * thread in its epoch; the caller records the operation's own access in
 * that epoch and then calls rw_sync_tick (a tracked atomic: an acquirer
 * that reads the value must find the access ordered before it). */
#define RW_SYNC_HOLD_TICK 0x400
/* 1 when the operation released and, with RW_SYNC_HOLD_TICK, the caller
 * owes the thread its tick. */
int rw_sync_atomic_release(rw_hb *hb, uintptr_t addr, int order);
/* Start the thread's next epoch (after a release; see RW_SYNC_HOLD_TICK). */
void rw_sync_tick(rw_hb *hb);
void rw_sync_atomic_acquire_slow(rw_hb *hb, uintptr_t addr, unsigned into);

/* The entry of hb->seen for addr (it may hold another address).  Every
 * 4 bits of the word index folded in: locks padded to 64 or 128 bytes, or
 * a page apart, get 15 of the 16 entries, as 8-byte neighbours do (the
 * two bits above the word index alone gave the 16 stripes of a 128-byte
 * striped table 4 entries, and 70% of their acquires a table lookup). */
static inline struct rw_sync_seen *rw_sync_seen_of(rw_hb *hb, uintptr_t addr) {
  uintptr_t h = addr >> 3;
  h ^= h >> 4;
  h ^= h >> 8;
  return &hb->seen[h & (RW_SYNC_SEEN - 1)];
}

/* This thread took the `into` clocks of the object at addr and nothing
 * changed there since: one relaxed load. */
static inline int rw_sync_seen_fresh(const struct rw_sync_seen *e, uintptr_t addr,
                                     unsigned into) {
  return e->addr == addr && (e->into & into) == into &&
         atomic_load_explicit(e->ver, memory_order_relaxed) == e->version;
}

/* Remember that this thread took the `into` clocks of the object at addr
 * at `version` of its bucket's counter (ver), and whose clock it was. */
static inline void rw_sync_seen_set(struct rw_sync_seen *e, struct rw_sync_from *fp,
                                    uintptr_t addr, const _Atomic uint64_t *ver,
                                    uint64_t version, uint32_t gen, unsigned into,
                                    struct rw_sync_from from) {
  if (e->addr != addr || e->version != version)
    e->into = 0;
  *e = (struct rw_sync_seen){addr, ver, version, gen, (uint8_t)(e->into | into)};
  *fp = from;
}

/* An operation of this order (enum raceway_order) releases. */
static inline int rw_sync_order_releases(int order) {
  return order == RACEWAY_ORDER_RELEASE || order == RACEWAY_ORDER_ACQ_REL ||
         order == RACEWAY_ORDER_SEQ_CST;
}
/* An operation of this order (enum raceway_order) acquires. */
static inline int rw_sync_order_acquires(int order) {
  return order == RACEWAY_ORDER_CONSUME || order == RACEWAY_ORDER_ACQUIRE ||
         order == RACEWAY_ORDER_ACQ_REL || order == RACEWAY_ORDER_SEQ_CST;
}

/* The caller released into the object at addr, whose bucket's version was
 * `before` and is *ver now: a release leaves its clocks within the old ones
 * and C_t, so what this thread had taken from them stays taken (not into
 * fence_acq). */
static inline void rw_sync_seen_keep(rw_hb *hb, uintptr_t addr, const _Atomic uint64_t *ver,
                                     uint64_t before) {
  struct rw_sync_seen *e = rw_sync_seen_of(hb, addr);
  if (e->addr == addr && e->version == before) {
    e->version = atomic_load_explicit(ver, memory_order_relaxed);
    e->into &= (uint8_t)~RW_SEEN_FENCE;
  }
}

/* Acquire half (hot on lock-free code: a load spinning on a flag).  Inline:
 * the object unchanged since this thread last took it costs one load. */
static inline __attribute__((always_inline)) void
rw_sync_atomic_acquire(rw_hb *hb, uintptr_t addr, int order) {
  if (order & RW_SYNC_STORE)
    return;
  unsigned into = rw_sync_order_acquires(order & 0xff) ? RW_SEEN_CLOCK : RW_SEEN_FENCE;
  if (!rw_sync_seen_fresh(rw_sync_seen_of(hb, addr), addr, into))
    rw_sync_atomic_acquire_slow(hb, addr, into);
}
void rw_sync_fence(rw_hb *hb, int order);

/* Thread fork: the child's clock starts as the parent's (a join is
 * rw_sync_join of the child's final clock). */
void rw_sync_fork(rw_hb *parent, rw_vc *child_start);

#endif
