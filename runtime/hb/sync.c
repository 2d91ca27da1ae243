/*
 * sync.c - happens-before through synchronisation objects (FastTrack's
 * acq/rel/fork/join rules) and C11 atomics and fences.
 *
 * Objects live in a hash table keyed by address (addr >> 6: one 64-byte
 * line's objects share a bucket), one spin lock per bucket for changes.
 * An object whose clock is exactly what one thread knew at one epoch
 * (single, last_slot, last_epoch: a thread ticks after every release) lets
 * an acquirer that knows that epoch join nothing, and the thread that
 * released there last, having joined nothing since, move only its own
 * entry: no O(threads) clock work for a lock handed between threads
 * (rw_sync_forget_threads drops summaries of ended threads' slots).
 * Each change moves its bucket's version on; a thread remembers the
 * version at which it last took an object's clocks (rw_hb.seen), so an
 * acquire that finds it unchanged (a spin on a flag) costs one relaxed
 * load: a change that happened before the acquire (through the program's
 * synchronisation) is seen by coherence.  An atomic's acquire after a
 * change reads the bucket's summary of that object without the lock
 * (syncsum.h).  Before tracking starts (rw_sync_live), locks, atomics and
 * fences only keep the held-lock lists.  Freed memory forgets its objects
 * through an index of the pages that hold them (common/addrset.h).
 * Records take bytes from the memory budget (RW_BUDGET_SYNC); one refused
 * leaves its object without a clock (it orders nothing: races reported).
 */
#include "hb/sync.h"

#include <stdatomic.h>
#include <string.h>

#include "common/addrset.h"
#include "common/budget.h"
#include "common/export.h"
#include "common/hash.h"
#include "common/rawalloc.h"
#include "common/spin.h"
#include "hb/syncsum.h"
#include "raceway/abi.h"

#define SYNC_BUCKET_BITS 14
#define SYNC_BUCKETS (1u << SYNC_BUCKET_BITS)
#define SYNC_LINE_SHIFT 6

typedef struct rw_syncvar {
  struct rw_syncvar *next;
  uintptr_t addr;
  uint32_t gen;        /* bumped by rw_sync_reset (destroy / init) while
                          the memory lives: new lock_id "#gen"          */
  uint8_t used;        /* synchronised on since the last reset: destroy
                          then init at one address bumps gen only once */
  uint8_t single;      /* clock == last_slot's at last_epoch (above)  */
  uint8_t summed;      /* an atomic acquired it: bump sums it up      */
  uint32_t last_slot;
  uint64_t last_epoch;
  uint64_t last_id;    /* ... that thread's rw_hb id and joins then    */
  uint64_t last_joins;
  rw_vc clock;         /* release/acquire                               */
  rw_vc read_clock;    /* read-unlocks of an rwlock                     */
  /* Atomics: release sequences (rmw_publish).  `owner` (slot + 1, 0: none)
   * is the thread whose release heads go on past a plain store of its own;
   * while `split`, other threads' release RMWs joined `clock` too, and
   * `own` holds the owner's heads alone. */
  uint32_t owner;
  uint8_t split;
  rw_vc own;
} rw_syncvar;

typedef struct sync_bucket {   /* one line each: no other's lock beside */
  _Alignas(64) rw_spin lock;
  _Atomic(rw_syncvar *) head;   /* read without the lock only to skip */
  rw_syncsum sum;               /* version and summary (syncsum.h)    */
} sync_bucket;

static sync_bucket buckets[SYNC_BUCKETS];
_Atomic int rw_sync_live;
_Atomic int rw_sync_lazy = 1;
/* The pages that hold sync objects now: frees elsewhere skip the table. */
static rw_addrset pages = RW_ADDRSET_INIT;
static _Atomic uint64_t refused_records;
static _Atomic uint64_t next_hb_id;

static sync_bucket *bucket_of(uintptr_t addr) {
  return &buckets[rw_hash_bucket(addr >> SYNC_LINE_SHIFT, SYNC_BUCKET_BITS)];
}

static void bucket_lock(sync_bucket *b) { rw_spin_lock(&b->lock); }
static void bucket_unlock(sync_bucket *b) { rw_spin_unlock(&b->lock); }
/* Caller holds b's lock and changed the object s (NULL: removed, several,
 * or a lock): s summed up (syncsum.h) if an atomic's acquire reads it. */
static void bump(sync_bucket *b, const rw_syncvar *s) {
  if (s && s->single && s->summed)
    rw_syncsum_publish(&b->sum, s->addr, s->last_slot, s->last_epoch, s->last_id, s->last_joins,
                       s->gen);
  else
    rw_syncsum_clear(&b->sum);
}

void rw_sync_after_fork(void) {
  for (unsigned i = 0; i < SYNC_BUCKETS; i++)
    rw_spin_reset(&buckets[i].lock);
}

/* A new record, or NULL when memory ran out.  Counted in the budget, never
 * refused by it (an object without a clock orders nothing: every access it
 * guards would race).  Freed with its memory: bounded by the live locks. */
static rw_syncvar *new_var(uintptr_t addr) {
  rw_budget_count(RW_BUDGET_SYNC, sizeof(rw_syncvar));
  rw_syncvar *s = rw_raw_calloc_kept(1, sizeof *s);   /* (a fork child: unlinked) */
  if (!s) {
    rw_budget_give(RW_BUDGET_SYNC, sizeof(rw_syncvar));
    atomic_fetch_add_explicit(&refused_records, 1, memory_order_relaxed);
    return NULL;
  }
  s->addr = addr;
  rw_vc_init(&s->clock);
  rw_vc_init(&s->read_clock);
  rw_vc_init(&s->own);
  return s;
}

/* Caller holds b's lock.  NULL when absent and !create, or refused. */
static RW_ALWAYS_INLINE rw_syncvar *find(sync_bucket *b, uintptr_t addr, int create) {
  rw_syncvar *s = atomic_load_explicit(&b->head, memory_order_relaxed);
  for (; s; s = s->next)
    if (s->addr == addr)
      return s;
  if (!create || !(s = new_var(addr)))
    return NULL;
  rw_addrset_add(&pages, addr);          /* counted before it is found */
  bump(b, NULL);
  s->next = atomic_load_explicit(&b->head, memory_order_relaxed);
  atomic_store_explicit(&b->head, s, memory_order_release);
  return s;
}

/* An unlinked record: its clocks, its bytes, its page count. */
static void free_var(rw_syncvar *s) {
  rw_addrset_remove(&pages, s->addr);
  rw_vc_free(&s->clock);
  rw_vc_free(&s->read_clock);
  rw_vc_free(&s->own);
  rw_raw_free(s);
  rw_budget_give(RW_BUDGET_SYNC, sizeof(rw_syncvar));
}

void rw_sync_hb_init(rw_hb *hb, uint32_t slot) {
  memset(hb, 0, sizeof *hb);
  hb->slot = slot;
  hb->id = atomic_fetch_add_explicit(&next_hb_id, 1, memory_order_relaxed) + 1;
  hb->vc_changed = 1;       /* the first event carries the initial clock */
  rw_vc_init(&hb->vc);
  rw_vc_init(&hb->fence_rel);
  rw_vc_init(&hb->fence_acq);
  rw_vc_set(&hb->vc, slot, 1);
  hb->lockset = RW_LOCKSET_STALE;
}

void rw_sync_hb_destroy(rw_hb *hb) {
  rw_vc_free(&hb->vc);
  rw_vc_free(&hb->fence_rel);
  rw_vc_free(&hb->fence_acq);
  hb->nheld = 0;
}

static int live(void) {
  return atomic_load_explicit(&rw_sync_live, memory_order_acquire);
}

static uint64_t own_epoch(const rw_hb *hb) { return rw_vc_get(&hb->vc, hb->slot); }

/* C_t[t]++ after publishing C_t: accesses after a release are not covered by it. */
void rw_sync_tick(rw_hb *hb) {
  if (RW_LIKELY(hb->slot < hb->vc.n))     /* set at init: always */
    hb->vc.c[hb->slot]++;
  else
    rw_vc_set(&hb->vc, hb->slot, 1);
  hb->vc_changed = 1;
}

/* C_t := C_t join src; marks the clock changed only if it did. */
void rw_sync_join(rw_hb *hb, const rw_vc *src) {
  if (rw_vc_leq(src, &hb->vc))
    return;
  rw_vc_join(&hb->vc, src);
  hb->vc_changed = 1;
  hb->joins++;
}

/* dst knows what `last_slot` knew at `last_epoch`. */
static int knows(const rw_vc *dst, uint32_t slot, uint64_t epoch) {
  return rw_vc_get(dst, slot) >= epoch;
}

/* L := C_t.  O(1) when L is what this thread published there last and
 * it joined nothing since: only its own entry moved. */
static void copy_own(rw_syncvar *s, const rw_hb *hb) {
  uint64_t e = own_epoch(hb);
  if (s->single && s->last_slot == hb->slot && s->last_id == hb->id &&
      s->last_joins == hb->joins) {
    s->clock.c[hb->slot] = e;     /* in range: copied from C_t */
  } else if (rw_vc_copy(&s->clock, &hb->vc) != 0) {
    s->single = 0;
    return;
  }
  s->single = 1;
  s->last_slot = hb->slot;
  s->last_epoch = e;
  s->last_id = hb->id;
  s->last_joins = hb->joins;
}

/* L := L join C_t, where the object's summary lets it.  Inline: a thread
 * re-releasing, having joined nothing since, moves only its own entry. */
static RW_NOINLINE void publish_own_slow(rw_syncvar *s, const rw_hb *hb) {
  if ((s->single && knows(&hb->vc, s->last_slot, s->last_epoch)) || !s->clock.n ||
      rw_vc_leq(&s->clock, &hb->vc)) {
    copy_own(s, hb);
    if (s->single)
      return;
  }
  rw_vc_join(&s->clock, &hb->vc);
  s->single = 0;
}

static inline void publish_own(rw_syncvar *s, const rw_hb *hb) {
  if (RW_LIKELY(s->single && s->last_slot == hb->slot && s->last_id == hb->id &&
                s->last_joins == hb->joins)) {
    s->last_epoch = s->clock.c[hb->slot] = own_epoch(hb);
    return;
  }
  publish_own_slow(s, hb);
}

/* L := L join clock (own: clock is C_t); L created if needed. */
static void publish(uintptr_t addr, rw_hb *hb, const rw_vc *clock, int shared) {
  sync_bucket *b = bucket_of(addr);
  bucket_lock(b);
  uint64_t before = atomic_load_explicit(&b->sum.version, memory_order_relaxed);
  rw_syncvar *s = find(b, addr, 1);
  if (s) {
    s->used = 1;
    if (shared) {
      rw_vc_join(&s->read_clock, clock);
    } else if (clock == &hb->vc) {
      publish_own(s, hb);
    } else {
      rw_vc_join(&s->clock, clock);
      s->single = 0;
    }
    bump(b, NULL);
    rw_sync_seen_keep(hb, addr, &b->sum.version, before);
  }
  bucket_unlock(b);
}

/* dst := dst join s's clock; 1 if dst changed.  O(1) when that clock is one
 * thread's (rw_syncsum_take). */
static int take_clock(const rw_hb *hb, const struct rw_sync_from *f, const rw_syncvar *s,
                      rw_vc *dst, int *rc) {
  int took = !s->single ? -1
             : rw_syncsum_take(s->last_slot, s->last_epoch, dst,
                               dst == &hb->vc && f->id == s->last_id && f->joins == s->last_joins);
  if (took >= 0)
    return took;
  if (rw_vc_leq(&s->clock, dst))
    return 0;
  *rc |= rw_vc_join(dst, &s->clock);
  return 1;
}

/* C_t (or fence_acq) := itself join the object's clocks named by `into`
 * (RW_SEEN_*); create: a lock acquire (the object is made, and marked
 * used).  Returns the object's generation and remembers what it took
 * (rw_sync_seen_fresh), and whose clock, if one thread's (take_clock). */
static RW_NOINLINE uint32_t observe_slow(rw_hb *hb, uintptr_t addr, unsigned into, int create) {
  struct rw_sync_seen *e = rw_sync_seen_of(hb, addr);
  sync_bucket *b = bucket_of(addr);
  rw_vc *dst = into & RW_SEEN_FENCE ? &hb->fence_acq : &hb->vc;
  uint32_t gen = 0;
  int changed = 0, rc = 0;
  struct rw_sync_from *fp = &hb->seen_from[e - hb->seen];
  struct rw_sync_from from = e->addr == addr ? *fp : (struct rw_sync_from){0, 0};
  bucket_lock(b);
  rw_syncvar *s = find(b, addr, create);
  if (s) {
    gen = s->gen;
    s->used |= create;
    s->summed |= into == RW_SEEN_CLOCK;   /* an atomic's acquire: sum it up */
    changed = take_clock(hb, &from, s, dst, &rc);
    if (s->single && dst == &hb->vc)
      from = (struct rw_sync_from){s->last_id, s->last_joins};
    if ((into & RW_SEEN_READ) && !rw_vc_leq(&s->read_clock, dst)) {
      rc |= rw_vc_join(dst, &s->read_clock);
      changed = 1;
    }
  }
  uint64_t version = atomic_load_explicit(&b->sum.version, memory_order_relaxed);
  bucket_unlock(b);
  if (changed && dst == &hb->vc) {
    hb->vc_changed = 1;
    hb->joins++;
  }
  if (rc == 0 && (s || !create))      /* a short join is retried next time */
    rw_sync_seen_set(e, fp, addr, &b->sum.version, version, gen, into, from);
  return gen;
}

/* An atomic's acquire after a change: the bucket's summary of the object,
 * without its lock (syncsum.h); 0: take the lock. */
static int acquire_summed(rw_hb *hb, uintptr_t addr) {
  struct rw_sync_seen *e = rw_sync_seen_of(hb, addr);
  struct rw_sync_from *fp = &hb->seen_from[e - hb->seen];
  sync_bucket *b = bucket_of(addr);
  rw_syncsum_view v;
  uint64_t from = e->addr == addr ? fp->id : 0;     /* ids start at 1 */
  int took = rw_syncsum_acquire(&b->sum, addr, &hb->vc, from, fp->joins, &v);
  if (took < 0)
    return 0;
  hb->vc_changed |= (uint8_t)took;
  hb->joins += (uint64_t)took;
  rw_sync_seen_set(e, fp, addr, &b->sum.version, v.version, v.gen, RW_SEEN_CLOCK,
                   (struct rw_sync_from){v.id, v.joins});
  return 1;
}

static inline uint32_t observe(rw_hb *hb, uintptr_t addr, unsigned into, int create) {
  struct rw_sync_seen *e = rw_sync_seen_of(hb, addr);
  return rw_sync_seen_fresh(e, addr, into) ? e->gen : observe_slow(hb, addr, into, create);
}

uint32_t rw_sync_hold(rw_hb *hb, uintptr_t addr, int shared, unsigned kind) {
  uint32_t gen = rw_sync_generation(addr);
  rw_sync_held_push(hb, addr, gen, shared, kind);
  return gen;
}

uint32_t rw_sync_acquire_slow(rw_hb *hb, uintptr_t addr, int shared, unsigned kind) {
  if (!live())
    return rw_sync_hold(hb, addr, shared, kind);
  uint32_t gen = observe(hb, addr, RW_SEEN_USED | RW_SEEN_CLOCK | (shared ? 0 : RW_SEEN_READ), 1);
  rw_sync_held_push(hb, addr, gen, shared, kind);
  return gen;
}

uint32_t rw_sync_held_generation(const rw_hb *hb, uintptr_t addr) {
  for (uint32_t i = hb->nheld; i-- > 0;)
    if (hb->held[i].addr == addr)
      return hb->held[i].gen;
  return rw_sync_generation(addr);
}

void rw_sync_release_slow(rw_hb *hb, uintptr_t addr, int shared) {
  rw_sync_held_pop(hb, addr, shared);
  if (!live())
    return;
  publish(addr, hb, &hb->vc, shared);
  rw_sync_tick(hb);
}

/* 1 if addr may have a sync object (cheap, no lock). */
static int may_exist(uintptr_t addr) {
  return rw_addrset_may_hold(&pages, addr) &&
         atomic_load_explicit(&bucket_of(addr)->head, memory_order_acquire);
}

uint32_t rw_sync_generation(uintptr_t addr) {
  if (!may_exist(addr))
    return 0;                      /* no sync object there */
  sync_bucket *b = bucket_of(addr);
  bucket_lock(b);
  rw_syncvar *s = find(b, addr, 0);
  uint32_t gen = s ? s->gen : 0;
  bucket_unlock(b);
  return gen;
}

/* Destroy or re-init: the node stays while the memory lives (it carries
 * the generation); its clocks are dropped.  1 when nothing is left worth
 * keeping (never synchronised on, generation 0): the caller removes it. */
static int reset_var(rw_syncvar *s) {
  s->owner = 0;
  s->split = 0;
  rw_vc_free(&s->own);
  if (!s->used)
    return s->gen == 0;
  s->used = 0;
  s->gen++;
  s->single = 0;
  rw_vc_free(&s->clock);
  rw_vc_free(&s->read_clock);
  return 0;
}

void rw_sync_reset(uintptr_t addr) {
  if (!may_exist(addr))
    return;
  sync_bucket *b = bucket_of(addr);
  rw_syncvar *gone = NULL;
  bucket_lock(b);
  rw_syncvar *prev = NULL;
  for (rw_syncvar *s = atomic_load_explicit(&b->head, memory_order_relaxed); s;
       prev = s, s = s->next) {
    if (s->addr != addr)
      continue;
    bump(b, NULL);
    if (reset_var(s)) {
      gone = s;
      if (prev)
        prev->next = s->next;
      else
        atomic_store_explicit(&b->head, s->next, memory_order_release);
    }
    break;
  }
  bucket_unlock(b);
  if (gone)
    free_var(gone);
}

/* Unlink the objects of one bucket in [lo, hi) onto *dead. */
static void unlink_range(sync_bucket *b, uintptr_t lo, uintptr_t hi, rw_syncvar **dead) {
  if (!atomic_load_explicit(&b->head, memory_order_acquire))
    return;
  bucket_lock(b);
  rw_syncvar *s = atomic_load_explicit(&b->head, memory_order_relaxed), *keep = NULL,
             **tail = &keep;
  while (s) {
    rw_syncvar *next = s->next;
    if (s->addr >= lo && s->addr < hi) {
      s->next = *dead;
      *dead = s;
    } else {
      *tail = s;
      tail = &s->next;
    }
    s = next;
  }
  *tail = NULL;
  atomic_store_explicit(&b->head, keep, memory_order_release);
  bump(b, NULL);
  bucket_unlock(b);
}

/* One page's piece [lo, hi) of a freed range: the buckets of its lines. */
static void forget_piece(uintptr_t lo, uintptr_t hi, void *ctx) {
  (void)ctx;
  rw_syncvar *dead = NULL;
  for (uintptr_t line = lo >> SYNC_LINE_SHIFT; line <= (hi - 1) >> SYNC_LINE_SHIFT; line++)
    unlink_range(bucket_of(line << SYNC_LINE_SHIFT), lo, hi, &dead);
  while (dead) {
    rw_syncvar *next = dead->next;
    free_var(dead);
    dead = next;
  }
}

void rw_sync_reset_range(uintptr_t addr, size_t len) {
  rw_addrset_each(&pages, addr, len, forget_piece, NULL);
}

void rw_sync_forget_threads(const uint8_t *dead, uint32_t n) {
  for (sync_bucket *b = buckets; b < buckets + SYNC_BUCKETS; b++) {
    if (!atomic_load_explicit(&b->head, memory_order_acquire))
      continue;
    bucket_lock(b);
    for (rw_syncvar *s = atomic_load_explicit(&b->head, memory_order_relaxed); s; s = s->next) {
      s->single &= !(s->last_slot < n && dead[s->last_slot]);   /* clock kept: joined */
      if (s->owner && s->owner <= n && dead[s->owner - 1])
        s->owner = 0, s->split = 0;
    }
    uint32_t sum = atomic_load_explicit(&b->sum.slot, memory_order_relaxed);
    if (sum < n && dead[sum])         /* the summary may name its clock */
      bump(b, NULL);
    bucket_unlock(b);
  }
}

void rw_sync_counts(uint64_t *records, uint64_t *refused) {
  *records = rw_addrset_count(&pages);
  *refused = atomic_load_explicit(&refused_records, memory_order_relaxed);
}

/*
 * Release sequences (C11 5.1.2.4): a release store or RMW on M heads one,
 * which goes on through every later RMW on M and every later store by the
 * head's own thread, and ends at a plain store by another thread; an
 * acquire reading a value of it synchronises with its head.  The
 * location's clock is the join of the heads still going, so:
 *  - a release RMW joins C_t (an RMW continues every sequence);
 *  - a release store replaces it with C_t (a new head; every other
 *    thread's sequence ends, and this thread's earlier heads are in C_t);
 *  - a relaxed store by t keeps only t's own heads (`own`, when the
 *    location's heads since the last plain store were not all t's), or
 *    nothing when t is not the owner: the heads of the thread that stored
 *    last, which t's store ends;
 *  - a relaxed op after a release fence publishes the fence's clock as a
 *    head of its own.
 * Caller holds the bucket lock.
 */
static void rmw_publish(rw_syncvar *s, const rw_hb *hb, const rw_vc *clock) {
  uint32_t me = hb->slot + 1;
  if (!s->owner) {
    s->owner = me;
    s->split = s->clock.n != 0;   /* heads from before: not the owner's */
    if (s->split)
      rw_vc_clear(&s->own);
  } else if (s->owner != me && !s->split) {
    rw_vc_copy(&s->own, &s->clock);
    s->split = 1;
  }
  if (s->owner == me && s->split)
    rw_vc_join(&s->own, clock);
  if (clock == &hb->vc) {
    publish_own(s, hb);
  } else {
    rw_vc_join(&s->clock, clock);
    s->single = 0;
  }
}

static void store_publish(rw_syncvar *s, const rw_hb *hb, int releasing) {
  uint32_t me = hb->slot + 1;
  if (releasing) {
    copy_own(s, hb);
  } else if (s->owner == me) {
    if (s->split) {
      rw_vc_copy(&s->clock, &s->own);
      s->single = 0;
    }
  } else {
    rw_vc_clear(&s->clock);
    s->single = 0;
  }
  s->owner = me;
  s->split = 0;
  if (!releasing && hb->fence_rel.n) {
    rw_vc_join(&s->clock, &hb->fence_rel);
    s->single = 0;
  }
}

/* Release half: see above.  Without RW_SYNC_STORE an op counts as an RMW
 * (continuing every sequence: more order, never less). */
int rw_sync_atomic_release(rw_hb *hb, uintptr_t addr, int order) {
  if ((order & RW_SYNC_LOAD) || !live())
    return 0;
  int store = order & RW_SYNC_STORE, hold = order & RW_SYNC_HOLD_TICK;
  order &= 0xff;
  int releasing = rw_sync_order_releases(order);
  const rw_vc *clock = releasing ? &hb->vc : hb->fence_rel.n ? &hb->fence_rel : NULL;
  /* A relaxed store with no fence ends sequences, where there are any. */
  if (!clock && (!store || !may_exist(addr)))
    return 0;
  sync_bucket *b = bucket_of(addr);
  bucket_lock(b);
  uint64_t before = atomic_load_explicit(&b->sum.version, memory_order_relaxed);
  rw_syncvar *s = find(b, addr, clock != NULL);
  if (s) {
    s->used = 1;
    if (store)
      store_publish(s, hb, releasing);
    else
      rmw_publish(s, hb, clock);
    bump(b, s);
    rw_sync_seen_keep(hb, addr, &b->sum.version, before);
  }
  bucket_unlock(b);
  if (releasing && !hold)
    rw_sync_tick(hb);
  return releasing;
}

/* Acquire half: an acquiring op joins the location's clock into C_t; a
 * relaxed one keeps it for the next acquire fence (into: RW_SEEN_CLOCK or
 * RW_SEEN_FENCE). */
void rw_sync_atomic_acquire_slow(rw_hb *hb, uintptr_t addr, unsigned into) {
  if (live() && !(into == RW_SEEN_CLOCK && acquire_summed(hb, addr)))
    observe_slow(hb, addr, into, 0);
}

void rw_sync_fence(rw_hb *hb, int order) {
  if (!live())
    return;
  order &= 0xff;
  if (rw_sync_order_acquires(order) && hb->fence_acq.n)
    rw_sync_join(hb, &hb->fence_acq);
  if (rw_sync_order_releases(order)) {
    rw_vc_copy(&hb->fence_rel, &hb->vc);
    rw_sync_tick(hb);
  }
}

void rw_sync_fork(rw_hb *parent, rw_vc *child_start) {
  rw_vc_copy(child_start, &parent->vc);
  rw_sync_tick(parent);
}
