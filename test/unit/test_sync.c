/*
 * test_sync.c - happens-before through sync objects, atomics and fences
 * (runtime/sync.c), with hand-made threads.
 */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "raceway/abi.h"
#include "hb/barrier.h"
#include "hb/lockset.h"
#include "hb/sync.h"
#include "common/label.h"

/* A thread, as far as happens-before goes: its rw_hb. */
static rw_hb *thread_new(uint32_t slot) {
  rw_hb *t = calloc(1, sizeof *t);
  rw_sync_hb_init(t, slot);
  return t;
}

static void thread_free(rw_hb *t) {
  rw_sync_hb_destroy(t);
  free(t);
}

static uint64_t epoch(const rw_hb *t) { return rw_vc_get(&t->vc, t->slot); }

/* Does `later` know `earlier`'s current epoch? */
static int ordered(const rw_hb *earlier, const rw_hb *later) {
  return rw_vc_get(&later->vc, earlier->slot) >= epoch(earlier);
}

static void test_lock(void) {
  static int m;
  rw_hb *a = thread_new(1), *b = thread_new(2);
  rw_sync_acquire(a, (uintptr_t)&m, 0, RW_LOCK_MUTEX);
  CHECK(a->nheld == 1 && a->held[0].addr == (uintptr_t)&m);
  uint64_t e = epoch(a);
  a->vc_changed = 0;
  rw_sync_release(a, (uintptr_t)&m, 0);
  CHECK(a->nheld == 0);
  CHECK(epoch(a) == e + 1 && a->vc_changed);  /* release ticks */
  rw_sync_acquire(b, (uintptr_t)&m, 0, RW_LOCK_MUTEX);
  CHECK(rw_vc_get(&b->vc, 1) == e);            /* b saw a's release */
  CHECK(!ordered(a, b));                          /* not a's later work */
  rw_sync_release(b, (uintptr_t)&m, 0);
  thread_free(a);
  thread_free(b);
}

static void test_recursive_and_unheld(void) {
  static int m, other;
  rw_hb *a = thread_new(1);
  rw_sync_acquire(a, (uintptr_t)&m, 0, RW_LOCK_MUTEX);
  rw_sync_acquire(a, (uintptr_t)&m, 0, RW_LOCK_MUTEX);
  CHECK(a->nheld == 1 && a->held[0].depth == 2);
  rw_sync_release(a, (uintptr_t)&m, 0);
  CHECK(a->nheld == 1 && a->held[0].depth == 1);
  rw_sync_release(a, (uintptr_t)&m, 0);
  CHECK(a->nheld == 0);
  rw_sync_release(a, (uintptr_t)&other, 0);       /* never locked: no crash */
  CHECK(a->nheld == 0);
  /* More locks than the list holds: the extra ones are not listed. */
  static int many[RW_MAX_HELD + 4];
  for (int i = 0; i < RW_MAX_HELD + 4; i++)
    rw_sync_acquire(a, (uintptr_t)&many[i], 0, RW_LOCK_MUTEX);
  CHECK(a->nheld == RW_MAX_HELD);
  for (int i = RW_MAX_HELD + 4; i-- > 0;)
    rw_sync_release(a, (uintptr_t)&many[i], 0);
  CHECK(a->nheld == 0);
  thread_free(a);
}

static void test_rwlock(void) {
  static int l;
  rw_hb *r1 = thread_new(1), *r2 = thread_new(2), *w = thread_new(3);
  rw_sync_acquire(r1, (uintptr_t)&l, 1, RW_LOCK_RW_READ);
  rw_sync_acquire(r2, (uintptr_t)&l, 1, RW_LOCK_RW_READ);
  uint64_t e1 = epoch(r1), e2 = epoch(r2);
  rw_sync_release(r1, (uintptr_t)&l, 1);
  rw_sync_release(r2, (uintptr_t)&l, 1);
  /* Readers do not order each other ... */
  CHECK(rw_vc_get(&r2->vc, 1) == 0);
  /* ... a writer is ordered after both. */
  rw_sync_acquire(w, (uintptr_t)&l, 0, RW_LOCK_MUTEX);
  CHECK(rw_vc_get(&w->vc, 1) == e1 && rw_vc_get(&w->vc, 2) == e2);
  uint64_t ew = epoch(w);
  rw_sync_release(w, (uintptr_t)&l, 0);
  /* A later reader sees the writer. */
  rw_sync_acquire(r1, (uintptr_t)&l, 1, RW_LOCK_RW_READ);
  CHECK(rw_vc_get(&r1->vc, 3) == ew);
  thread_free(r1);
  thread_free(r2);
  thread_free(w);
}

static void test_generation(void) {
  static long lock[2];
  uintptr_t a = (uintptr_t)&lock[0];
  rw_hb *t = thread_new(1), *u = thread_new(2);
  CHECK(rw_sync_generation(a) == 0);
  rw_sync_acquire(t, a, 0, RW_LOCK_MUTEX);
  rw_sync_release(t, a, 0);
  rw_sync_reset(a);
  CHECK(rw_sync_generation(a) == 1);
  rw_sync_reset(a);                 /* destroy then init: one new generation */
  CHECK(rw_sync_generation(a) == 1);
  /* The reset lock carries no clock: acquiring it orders nothing. */
  rw_sync_acquire(u, a, 0, RW_LOCK_MUTEX);
  CHECK(rw_vc_get(&u->vc, 1) == 0);
  CHECK(u->held[0].gen == 1);
  rw_sync_release(u, a, 0);
  rw_sync_reset_range((uintptr_t)lock + sizeof lock, 64);  /* outside: unchanged */
  CHECK(rw_sync_generation(a) == 1);
  /* Range reset (free of the block holding the lock): the record goes,
   * generation and all (test_memory.c). */
  rw_sync_reset_range((uintptr_t)lock, sizeof lock);
  CHECK(rw_sync_generation(a) == 0);
  thread_free(t);
  thread_free(u);
}

static void test_atomics(void) {
  static int x, y;
  rw_hb *a = thread_new(1), *b = thread_new(2), *c = thread_new(3);
  /* release store / acquire load */
  uint64_t e = epoch(a);
  rw_sync_atomic_release(a, (uintptr_t)&x, RACEWAY_ORDER_RELEASE);
  rw_sync_atomic_acquire(b, (uintptr_t)&x, RACEWAY_ORDER_ACQUIRE);
  CHECK(rw_vc_get(&b->vc, 1) == e);
  /* relaxed load: nothing until an acquire fence */
  rw_sync_atomic_acquire(c, (uintptr_t)&x, RACEWAY_ORDER_RELAXED);
  CHECK(rw_vc_get(&c->vc, 1) == 0);
  rw_sync_fence(c, RACEWAY_ORDER_ACQUIRE);
  CHECK(rw_vc_get(&c->vc, 1) == e);
  /* a seq_cst load marked as a load publishes nothing */
  rw_sync_atomic_release(b, (uintptr_t)&y, RACEWAY_ORDER_SEQ_CST | RW_SYNC_LOAD);
  rw_sync_atomic_acquire(c, (uintptr_t)&y, RACEWAY_ORDER_ACQUIRE);
  CHECK(rw_vc_get(&c->vc, 2) == 0);
  /* two releasers of one location accumulate (RMW counters) */
  uint64_t eb = epoch(b), ea = epoch(a);
  rw_sync_atomic_release(a, (uintptr_t)&y, RACEWAY_ORDER_ACQ_REL);
  rw_sync_atomic_release(b, (uintptr_t)&y, RACEWAY_ORDER_ACQ_REL);
  rw_sync_atomic_acquire(c, (uintptr_t)&y, RACEWAY_ORDER_SEQ_CST);
  CHECK(rw_vc_get(&c->vc, 1) == ea && rw_vc_get(&c->vc, 2) == eb);
  thread_free(a);
  thread_free(b);
  thread_free(c);
}

static void test_fences(void) {
  static int flag;
  rw_hb *a = thread_new(1), *b = thread_new(2);
  /* relaxed store without a release fence publishes nothing */
  rw_sync_atomic_release(a, (uintptr_t)&flag, RACEWAY_ORDER_RELAXED);
  rw_sync_atomic_acquire(b, (uintptr_t)&flag, RACEWAY_ORDER_ACQUIRE);
  CHECK(rw_vc_get(&b->vc, 1) == 0);
  /* release fence, then relaxed store: the fence's clock is published */
  uint64_t e = epoch(a);
  rw_sync_fence(a, RACEWAY_ORDER_RELEASE);
  CHECK(epoch(a) == e + 1);
  rw_sync_atomic_release(a, (uintptr_t)&flag, RACEWAY_ORDER_RELAXED);
  rw_sync_atomic_acquire(b, (uintptr_t)&flag, RACEWAY_ORDER_RELAXED);
  CHECK(rw_vc_get(&b->vc, 1) == 0);   /* relaxed load alone: not yet */
  rw_sync_fence(b, RACEWAY_ORDER_ACQUIRE);
  CHECK(rw_vc_get(&b->vc, 1) == e);   /* but not a's post-fence work */
  thread_free(a);
  thread_free(b);
}

static void test_fork_join(void) {
  rw_hb *p = thread_new(1), *c = thread_new(2);
  rw_vc start;
  rw_vc_init(&start);
  uint64_t e = epoch(p);
  rw_sync_fork(p, &start);
  CHECK(epoch(p) == e + 1 && rw_vc_get(&start, 1) == e);
  rw_vc_join(&c->vc, &start);
  rw_vc_free(&start);
  CHECK(rw_vc_get(&c->vc, 1) == e);
  rw_sync_join(p, &c->vc);
  CHECK(ordered(c, p));
  thread_free(p);
  thread_free(c);
}

/* Before the first tracked access nothing publishes: a lock hand-off
 * between two threads leaves no clock behind. */
static void test_not_live(void) {
  static int m;
  rw_hb *a = thread_new(1), *b = thread_new(2);
  rw_sync_acquire(a, (uintptr_t)&m, 0, RW_LOCK_MUTEX);
  CHECK(a->nheld == 1);
  rw_sync_release(a, (uintptr_t)&m, 0);
  CHECK(a->nheld == 0);
  rw_sync_acquire(b, (uintptr_t)&m, 0, RW_LOCK_MUTEX);
  CHECK(rw_vc_get(&b->vc, 1) == 0);
  rw_sync_release(b, (uintptr_t)&m, 0);
  thread_free(a);
  thread_free(b);
}

/* An acquirer that already knows the releaser's epoch joins nothing; one
 * that does not gets the whole clock, also through a chain of threads. */
static void test_epoch_summary(void) {
  static int m, n;
  rw_hb *a = thread_new(1), *b = thread_new(2), *c = thread_new(3);
  rw_sync_acquire(a, (uintptr_t)&n, 0, RW_LOCK_MUTEX);
  rw_sync_release(a, (uintptr_t)&n, 0);
  uint64_t ea = epoch(a);
  rw_sync_acquire(b, (uintptr_t)&n, 0, RW_LOCK_MUTEX);  /* b learns a */
  CHECK(rw_vc_get(&b->vc, 1) == ea - 1);
  rw_sync_release(b, (uintptr_t)&m, 0);                 /* m: b's clock */
  rw_sync_acquire(c, (uintptr_t)&m, 0, RW_LOCK_MUTEX);
  CHECK(rw_vc_get(&c->vc, 2) == epoch(b) - 1 && rw_vc_get(&c->vc, 1) == ea - 1);
  b->vc_changed = 0;
  rw_sync_acquire(b, (uintptr_t)&m, 0, RW_LOCK_MUTEX);  /* its own clock */
  CHECK(!b->vc_changed);
  rw_sync_release(b, (uintptr_t)&m, 0);
  rw_sync_release(c, (uintptr_t)&m, 0);
  thread_free(a);
  thread_free(b);
  thread_free(c);
}

/* C11 release sequences: an RMW by another thread continues one, a plain
 * store by another thread ends it, a store by the head's thread does not. */
static void test_release_sequences(void) {
  static int x, y, z;
  const int rel_store = RACEWAY_ORDER_RELEASE | RW_SYNC_STORE;
  const int rlx_store = RACEWAY_ORDER_RELAXED | RW_SYNC_STORE;
  const int acq_load = RACEWAY_ORDER_ACQUIRE | RW_SYNC_LOAD;
  rw_hb *p = thread_new(1), *o = thread_new(2), *c = thread_new(3), *d = thread_new(4);
  /* Continued by a relaxed RMW of another thread. */
  uint64_t e = epoch(p);
  rw_sync_atomic_release(p, (uintptr_t)&x, rel_store);
  rw_sync_atomic_release(o, (uintptr_t)&x, RACEWAY_ORDER_RELAXED);
  rw_sync_atomic_acquire(c, (uintptr_t)&x, acq_load);
  CHECK(rw_vc_get(&c->vc, 1) >= e);
  /* Ended by a relaxed store of another thread. */
  e = epoch(p);
  rw_sync_atomic_release(p, (uintptr_t)&y, rel_store);
  rw_sync_atomic_release(o, (uintptr_t)&y, rlx_store);
  rw_sync_atomic_acquire(d, (uintptr_t)&y, acq_load);
  CHECK(rw_vc_get(&d->vc, 1) < e);
  /* Not ended by a relaxed store of the head's own thread, even after
   * another thread's release RMW (whose sequence that store ends). */
  e = epoch(p);
  rw_sync_atomic_release(p, (uintptr_t)&z, rel_store);
  uint64_t eo = epoch(o);
  rw_sync_atomic_release(o, (uintptr_t)&z, RACEWAY_ORDER_RELEASE);   /* RMW */
  rw_sync_atomic_release(p, (uintptr_t)&z, rlx_store);
  rw_hb *f = thread_new(5);
  rw_sync_atomic_acquire(f, (uintptr_t)&z, acq_load);
  CHECK(rw_vc_get(&f->vc, 1) >= e);
  CHECK(rw_vc_get(&f->vc, 2) < eo);
  /* A release store replaces: the earlier head of another thread ends. */
  rw_hb *g = thread_new(6);
  uint64_t eg = epoch(g);
  rw_sync_atomic_release(g, (uintptr_t)&z, rel_store);
  rw_hb *h = thread_new(7);
  rw_sync_atomic_acquire(h, (uintptr_t)&z, acq_load);
  CHECK(rw_vc_get(&h->vc, 6) >= eg && rw_vc_get(&h->vc, 1) < e);
  rw_hb *all[] = {p, o, c, d, f, g, h};
  for (int i = 0; i < 7; i++)
    thread_free(all[i]);
}

/* Barrier generations: a thread leaving generation 1 late knows the
 * arrivals of generation 1, not what was released into generation 2. */
static void test_barrier_generations(void) {
  static int bar;
  rw_hb *a = thread_new(1), *b = thread_new(2), *c = thread_new(3);
  rw_barrier_init((uintptr_t)&bar, 2);
  uint64_t ea1 = epoch(a);
  uint64_t tb = rw_barrier_arrive(b, (uintptr_t)&bar);
  uint64_t ta = rw_barrier_arrive(a, (uintptr_t)&bar);
  CHECK(ta == tb && ta == 1);
  rw_barrier_leave(a, (uintptr_t)&bar, ta);
  CHECK(rw_vc_get(&a->vc, 2) >= 1);
  uint64_t ea2 = epoch(a);                 /* a's work after generation 1 */
  uint64_t ta2 = rw_barrier_arrive(a, (uintptr_t)&bar);
  uint64_t tc = rw_barrier_arrive(c, (uintptr_t)&bar);
  CHECK(ta2 == 2 && tc == 2);
  rw_barrier_leave(c, (uintptr_t)&bar, tc);
  CHECK(rw_vc_get(&c->vc, 1) >= ea2);
  rw_barrier_leave(b, (uintptr_t)&bar, tb);        /* late */
  CHECK(rw_vc_get(&b->vc, 1) >= ea1 && rw_vc_get(&b->vc, 1) < ea2);
  /* Count unknown (never initialised): one release/acquire object. */
  static int other;
  uint64_t t0 = rw_barrier_arrive(a, (uintptr_t)&other);
  CHECK(t0 == 0);
  rw_barrier_leave(b, (uintptr_t)&other, t0);
  CHECK(rw_vc_get(&b->vc, 1) >= ea2);
  rw_barrier_forget((uintptr_t)&bar);
  thread_free(a);
  thread_free(b);
  thread_free(c);
}

/* An acquire that finds nothing changed since this thread last took the
 * object skips it; any change (a release, a reset) is taken next time.  A
 * release again by the same thread moves only its own entry, but one
 * after a join publishes the joined clock too. */
static void test_seen_and_rerelease(void) {
  static int flag, y;
  const int rel_store = RACEWAY_ORDER_RELEASE | RW_SYNC_STORE;
  rw_hb *a = thread_new(1), *b = thread_new(2), *c = thread_new(3);
  rw_sync_atomic_release(a, (uintptr_t)&flag, rel_store);
  rw_sync_atomic_acquire(b, (uintptr_t)&flag, RACEWAY_ORDER_ACQUIRE);
  uint64_t e1 = rw_vc_get(&b->vc, 1);
  CHECK(e1 == epoch(a) - 1);
  b->vc_changed = 0;
  rw_sync_atomic_acquire(b, (uintptr_t)&flag, RACEWAY_ORDER_ACQUIRE);  /* unchanged */
  CHECK(!b->vc_changed && rw_vc_get(&b->vc, 1) == e1);
  rw_sync_atomic_release(a, (uintptr_t)&flag, rel_store);     /* own entry only */
  rw_sync_atomic_acquire(b, (uintptr_t)&flag, RACEWAY_ORDER_ACQUIRE);
  CHECK(rw_vc_get(&b->vc, 1) == epoch(a) - 1);
  /* a learns c through y, then releases flag again: b must learn c. */
  rw_sync_atomic_release(c, (uintptr_t)&y, rel_store);
  rw_sync_atomic_acquire(a, (uintptr_t)&y, RACEWAY_ORDER_ACQUIRE);
  rw_sync_atomic_release(a, (uintptr_t)&flag, rel_store);
  rw_sync_atomic_acquire(b, (uintptr_t)&flag, RACEWAY_ORDER_ACQUIRE);
  CHECK(rw_vc_get(&b->vc, 3) == epoch(c) - 1 && rw_vc_get(&b->vc, 1) == epoch(a) - 1);
  /* Relaxed loads remember separately: an acquire after one still joins. */
  rw_hb *d = thread_new(4);
  rw_sync_atomic_acquire(d, (uintptr_t)&flag, RACEWAY_ORDER_RELAXED);
  CHECK(rw_vc_get(&d->vc, 1) == 0);
  rw_sync_atomic_acquire(d, (uintptr_t)&flag, RACEWAY_ORDER_ACQUIRE);
  CHECK(rw_vc_get(&d->vc, 1) == epoch(a) - 1);
  /* A lock re-taken after a reset: the new generation, not a remembered one. */
  rw_sync_acquire(d, (uintptr_t)&y, 0, RW_LOCK_MUTEX);
  rw_sync_release(d, (uintptr_t)&y, 0);
  rw_sync_reset((uintptr_t)&y);
  CHECK(rw_sync_acquire(d, (uintptr_t)&y, 0, RW_LOCK_MUTEX) == 1);
  rw_sync_release(d, (uintptr_t)&y, 0);
  /* A read lock after an atomic load found no object there still makes
   * one, marked used: destroying the lock starts a new generation. */
  static int z;
  rw_sync_atomic_acquire(d, (uintptr_t)&z, RACEWAY_ORDER_ACQUIRE);
  rw_sync_acquire(d, (uintptr_t)&z, 1, RW_LOCK_RW_READ);
  rw_sync_reset((uintptr_t)&z);
  CHECK(rw_sync_generation((uintptr_t)&z) == 1);
  rw_sync_release(d, (uintptr_t)&z, 1);
  /* A slot reused by a new thread: its first release copies its own clock,
   * not the old incarnation's. */
  rw_sync_atomic_release(a, (uintptr_t)&flag, rel_store);
  uint64_t ea = epoch(a);
  thread_free(a);
  a = thread_new(1);
  rw_vc_set(&a->vc, 1, ea);           /* as thread.c continues a slot's epochs */
  rw_sync_atomic_release(a, (uintptr_t)&flag, rel_store);
  rw_hb *e = thread_new(5);
  rw_sync_atomic_acquire(e, (uintptr_t)&flag, RACEWAY_ORDER_ACQUIRE);
  CHECK(rw_vc_get(&e->vc, 3) == 0 && rw_vc_get(&e->vc, 1) == ea);
  thread_free(a);
  thread_free(b);
  thread_free(c);
  thread_free(d);
  thread_free(e);
}

/* A thread holding one lock at a time among more than its cache of
 * one-lock sets holds (collisions, evictions): every interned id names
 * exactly the held lock and generation, and the same set gets the same id
 * again; a new generation of a lock is a new set. */
static void test_lockset_one_cache(void) {
  enum { NLOCKS = 3 * RW_LOCKSET_ONE };
  static struct { _Alignas(64) int m; } locks[NLOCKS];
  rw_hb *a = thread_new(1);
  uint32_t ids[NLOCKS];
  for (int round = 0; round < 3; round++)
    for (int i = 0; i < NLOCKS; i++) {
      int k = (i * 7) % NLOCKS;                 /* a scattered order */
      uintptr_t addr = (uintptr_t)&locks[k].m;
      uint32_t gen = rw_sync_acquire(a, addr, 0, RW_LOCK_MUTEX);
      uint32_t id = rw_lockset_intern(a);
      const rw_lockset *set = rw_lockset_get(id);
      CHECK(set && set->n == 1 && set->held[0].addr == addr && set->held[0].gen == gen,
            "lock %d round %d: id %u", k, round, id);
      if (round == 0)
        ids[k] = id;
      else
        CHECK(id == ids[k], "lock %d round %d: id %u, first %u", k, round, id, ids[k]);
      rw_sync_release(a, addr, 0);
      CHECK(rw_lockset_intern(a) == 0);
    }
  for (int i = 1; i < NLOCKS; i++)
    CHECK(ids[i] != ids[0]);
  /* Two locks held: a set of two, not either one-lock set. */
  rw_sync_acquire(a, (uintptr_t)&locks[0].m, 0, RW_LOCK_MUTEX);
  rw_sync_acquire(a, (uintptr_t)&locks[1].m, 0, RW_LOCK_MUTEX);
  const rw_lockset *two = rw_lockset_get(rw_lockset_intern(a));
  CHECK(two && two->n == 2);
  rw_sync_release(a, (uintptr_t)&locks[1].m, 0);
  CHECK(rw_lockset_intern(a) == ids[0]);
  rw_sync_release(a, (uintptr_t)&locks[0].m, 0);
  /* Destroyed and made again: a new generation, a new set. */
  rw_sync_reset((uintptr_t)&locks[0].m);
  uint32_t gen = rw_sync_acquire(a, (uintptr_t)&locks[0].m, 0, RW_LOCK_MUTEX);
  uint32_t id = rw_lockset_intern(a);
  const rw_lockset *set = rw_lockset_get(id);
  CHECK(gen != 0 && id != ids[0] && set && set->held[0].gen == gen, "gen %u id %u", gen, id);
  rw_sync_release(a, (uintptr_t)&locks[0].m, 0);
  thread_free(a);
}

/* An acquirer that took one thread's clock before takes only that thread's
 * new entry while the releaser has joined nothing since (O(1)); after the
 * releaser joined something, or a new thread on its slot released (same
 * slot and join count, another incarnation), it takes the whole clock. */
static void test_same_releaser(void) {
  static int flag, other, more;
  const int rel_store = RACEWAY_ORDER_RELEASE | RW_SYNC_STORE;
  rw_hb *a = thread_new(1), *b = thread_new(2), *c = thread_new(3), *d = thread_new(4);
  rw_sync_atomic_release(c, (uintptr_t)&other, rel_store);
  rw_sync_atomic_acquire(a, (uintptr_t)&other, RACEWAY_ORDER_ACQUIRE);   /* a knows c */
  for (int i = 0; i < 3; i++) {
    rw_sync_atomic_release(a, (uintptr_t)&flag, rel_store);
    uint64_t joins = b->joins;
    b->vc_changed = 0;
    rw_sync_atomic_acquire(b, (uintptr_t)&flag, RACEWAY_ORDER_ACQUIRE);
    CHECK(rw_vc_get(&b->vc, 1) == epoch(a) - 1 && rw_vc_get(&b->vc, 3) == epoch(c) - 1);
    CHECK(b->joins == joins + 1 && b->vc_changed);
  }
  /* c moves on and a learns it before releasing again: so must b. */
  rw_sync_atomic_release(c, (uintptr_t)&other, rel_store);
  rw_sync_atomic_acquire(a, (uintptr_t)&other, RACEWAY_ORDER_ACQUIRE);
  rw_sync_atomic_release(a, (uintptr_t)&flag, rel_store);
  rw_sync_atomic_acquire(b, (uintptr_t)&flag, RACEWAY_ORDER_ACQUIRE);
  CHECK(rw_vc_get(&b->vc, 3) == epoch(c) - 1 && rw_vc_get(&b->vc, 1) == epoch(a) - 1);
  /* A new thread on a's slot with a's join count, having learned d. */
  uint64_t ea = epoch(a), joins = a->joins;
  thread_free(a);
  a = thread_new(1);
  rw_vc_set(&a->vc, 1, ea);
  rw_sync_atomic_release(d, (uintptr_t)&more, rel_store);
  rw_sync_atomic_acquire(a, (uintptr_t)&more, RACEWAY_ORDER_ACQUIRE);
  a->joins = joins;
  rw_sync_atomic_release(a, (uintptr_t)&flag, rel_store);
  rw_sync_atomic_acquire(b, (uintptr_t)&flag, RACEWAY_ORDER_ACQUIRE);
  CHECK(rw_vc_get(&b->vc, 4) == epoch(d) - 1 && rw_vc_get(&b->vc, 1) == epoch(a) - 1);
  thread_free(a);
  thread_free(b);
  thread_free(c);
  thread_free(d);
}

/* A slot whose thread ended goes to a thread not ordered after it (a
 * detached thread's, after a sweep: rt/sweep.c); the new thread continues
 * the slot's epochs.  A lock that thread released last must still hand
 * over what it knew (its epoch summary would say the new thread, whose
 * epochs are higher, knows it already), and a release sequence it heads
 * must end at the new thread's relaxed store (another thread's). */
static void test_forget_threads(void) {
  static int m, x;
  rw_hb *w = thread_new(9), *a = thread_new(10);
  rw_sync_acquire(w, (uintptr_t)&m, 0, RW_LOCK_MUTEX);
  uint64_t ew = epoch(w);                       /* w's write, under m */
  rw_sync_release(w, (uintptr_t)&m, 0);
  rw_sync_acquire(a, (uintptr_t)&m, 0, RW_LOCK_MUTEX);
  rw_sync_release(a, (uintptr_t)&m, 0);         /* m: a's clock alone */
  uint64_t ea = epoch(a);
  rw_sync_atomic_release(a, (uintptr_t)&x, RACEWAY_ORDER_RELEASE | RW_SYNC_STORE);
  uint64_t final = epoch(a);
  thread_free(a);
  uint8_t dead[11] = {0};
  dead[10] = 1;
  rw_sync_forget_threads(dead, 11);
  rw_hb *b = thread_new(10);                    /* a's slot, after a */
  rw_vc_set(&b->vc, 10, final + 1);
  rw_sync_acquire(b, (uintptr_t)&m, 0, RW_LOCK_MUTEX);
  CHECK(rw_vc_get(&b->vc, 9) >= ew);            /* w's write, through a */
  rw_sync_release(b, (uintptr_t)&m, 0);
  rw_sync_atomic_release(b, (uintptr_t)&x, RACEWAY_ORDER_RELAXED | RW_SYNC_STORE);
  rw_hb *c = thread_new(11);
  rw_sync_atomic_acquire(c, (uintptr_t)&x, RACEWAY_ORDER_ACQUIRE | RW_SYNC_LOAD);
  CHECK(rw_vc_get(&c->vc, 9) < ew && rw_vc_get(&c->vc, 10) < ea);   /* a's ended */
  thread_free(w);
  thread_free(b);
  thread_free(c);
}

/* An atomic's acquire may take an object's clock from its bucket's summary
 * (hb/syncsum.h), which names the object changed last there: a summary of
 * another object in the same line (y) says nothing about x, even when the
 * acquirer knows y's releaser's epoch. */
static void test_summary_other_object(void) {
  static _Alignas(64) long xy[2];
  const int rel = RACEWAY_ORDER_RELEASE | RW_SYNC_STORE, acq = RACEWAY_ORDER_ACQUIRE;
  uintptr_t x = (uintptr_t)&xy[0], y = (uintptr_t)&xy[1];
  rw_hb *a = thread_new(15), *b = thread_new(16), *c = thread_new(17);
  rw_sync_atomic_release(a, x, rel);
  rw_sync_atomic_acquire(b, x, acq);            /* x summed up from now on */
  rw_sync_atomic_release(c, y, rel);
  rw_sync_atomic_acquire(b, y, acq);            /* y too */
  rw_sync_atomic_release(a, x, rel);
  uint64_t ea = epoch(a) - 1;
  rw_sync_atomic_release(c, y, rel);            /* the summary: y, c's */
  rw_sync_atomic_acquire(b, y, acq);
  CHECK(rw_vc_get(&b->vc, 17) == epoch(c) - 1);
  rw_sync_atomic_acquire(b, x, acq);
  CHECK(rw_vc_get(&b->vc, 15) == ea);
  thread_free(a);
  thread_free(b);
  thread_free(c);
}

/* A summary naming an ended thread's slot is dropped by the sweep that
 * gives the slot away (rw_sync_forget_threads), as the object's own
 * summary is: the new thread's higher epochs must not make an acquirer
 * seem to know the old thread's clock (w's epoch, learned through m). */
static void test_summary_forgotten(void) {
  static int m;
  static _Alignas(64) long x, z;
  const int rel = RACEWAY_ORDER_RELEASE | RW_SYNC_STORE, acq = RACEWAY_ORDER_ACQUIRE;
  rw_hb *w = thread_new(20), *a = thread_new(21), *c = thread_new(22);
  rw_sync_acquire(w, (uintptr_t)&m, 0, RW_LOCK_MUTEX);
  uint64_t ew = epoch(w);
  rw_sync_release(w, (uintptr_t)&m, 0);
  rw_sync_acquire(a, (uintptr_t)&m, 0, RW_LOCK_MUTEX);
  rw_sync_release(a, (uintptr_t)&m, 0);         /* a knows w */
  rw_sync_atomic_release(a, (uintptr_t)&x, rel);
  rw_sync_atomic_acquire(c, (uintptr_t)&x, acq);   /* x summed up */
  rw_sync_atomic_release(a, (uintptr_t)&x, rel);   /* the summary: x, a's */
  uint64_t final = epoch(a);
  thread_free(a);
  uint8_t dead[22] = {0};
  dead[21] = 1;
  rw_sync_forget_threads(dead, 22);
  rw_hb *b = thread_new(21), *d = thread_new(23);  /* b: a's slot, after a */
  rw_vc_set(&b->vc, 21, final + 1);
  rw_sync_atomic_release(b, (uintptr_t)&z, rel);
  rw_sync_atomic_acquire(d, (uintptr_t)&z, acq);   /* d knows b */
  rw_sync_atomic_acquire(d, (uintptr_t)&x, acq);
  CHECK(rw_vc_get(&d->vc, 20) >= ew);
  thread_free(w);
  thread_free(b);
  thread_free(c);
  thread_free(d);
}

int main(void) {
  test_not_live();
  rw_sync_note_access();          /* tracking starts */
  test_lock();
  test_epoch_summary();
  test_recursive_and_unheld();
  test_rwlock();
  test_generation();
  test_atomics();
  test_fences();
  test_fork_join();
  test_release_sequences();
  test_barrier_generations();
  test_seen_and_rerelease();
  test_lockset_one_cache();
  test_same_releaser();
  test_forget_threads();
  test_summary_other_object();
  test_summary_forgotten();
  return check_summary("test_sync");
}
