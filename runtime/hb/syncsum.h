/*
 * syncsum.h - a sync-table bucket's version and the summary of the object
 * changed last in it, published under a seqlock (hb/sync.c).
 *
 * An object whose clock is one thread's at one epoch (sync.c's `single`)
 * is summed up in five words; the bucket keeps those of the object its
 * last change touched.  An acquire that finds its object summed up there
 * at an even version, the same before and after reading it, takes the
 * clock without the bucket's lock: a lock-free FIFO's consumer then
 * writes nothing to the line its producer's release store takes (before,
 * each acquire took the lock the releaser was taking, and half of the
 * runtime's yields on the FIFO were on it).  Writers hold the bucket lock
 * (one writer at a time); the version is odd while they write.  Boehm's
 * seqlock ("Can seqlocks get along with programming language memory
 * models?", 2012): relaxed atomics for the words, fences around them.
 */
#ifndef RW_SYNCSUM_H
#define RW_SYNCSUM_H

#include <stdatomic.h>
#include <stdint.h>

#include "hb/vclock.h"

typedef struct rw_syncsum {
  _Atomic uint64_t version;    /* every change + 2; odd while written   */
  _Atomic uintptr_t addr;      /* the object summed up; 0: none         */
  _Atomic uint64_t epoch, id, joins;   /* its last_epoch, last_id, last_joins */
  _Atomic uint32_t slot, gen;  /* its last_slot and generation          */
} rw_syncsum;

/* What rw_syncsum_read found. */
typedef struct rw_syncsum_view {
  uint64_t version, epoch, id, joins;
  uint32_t slot, gen;
} rw_syncsum_view;

/* Writers (the bucket's lock held): begin, store the words, end.  An odd
 * version found at begin (a fork child of a thread that was writing) is
 * finished, not flipped. */
static inline uint64_t rw_syncsum_begin(rw_syncsum *q) {
  uint64_t v = atomic_load_explicit(&q->version, memory_order_relaxed) | 1;
  atomic_store_explicit(&q->version, v, memory_order_relaxed);
  atomic_thread_fence(memory_order_release);
  return v;
}
static inline void rw_syncsum_end(rw_syncsum *q, uint64_t v) {
  atomic_store_explicit(&q->version, v + 1, memory_order_release);
}

/* An object changed: the version moves on, and the summary names it
 * (addr) with its clock's thread, epoch, incarnation and joins. */
static inline void rw_syncsum_publish(rw_syncsum *q, uintptr_t addr, uint32_t slot,
                                      uint64_t epoch, uint64_t id, uint64_t joins,
                                      uint32_t gen) {
  uint64_t v = rw_syncsum_begin(q);
  atomic_store_explicit(&q->addr, addr, memory_order_relaxed);
  atomic_store_explicit(&q->slot, slot, memory_order_relaxed);
  atomic_store_explicit(&q->epoch, epoch, memory_order_relaxed);
  atomic_store_explicit(&q->id, id, memory_order_relaxed);
  atomic_store_explicit(&q->joins, joins, memory_order_relaxed);
  atomic_store_explicit(&q->gen, gen, memory_order_relaxed);
  rw_syncsum_end(q, v);
}

/* Any other change: the version moves on, and the summary names nothing
 * (a summary naming nothing already is not rewritten: one store). */
static inline void rw_syncsum_clear(rw_syncsum *q) {
  if (!atomic_load_explicit(&q->addr, memory_order_relaxed)) {
    uint64_t v = atomic_load_explicit(&q->version, memory_order_relaxed);
    atomic_store_explicit(&q->version, (v | 1) + 1, memory_order_relaxed);
    return;
  }
  uint64_t v = rw_syncsum_begin(q);
  atomic_store_explicit(&q->addr, 0, memory_order_relaxed);
  rw_syncsum_end(q, v);
}

/* 1 if the bucket's last change summed up the object at addr (addr != 0)
 * and the summary was read whole (*out, with the version it holds at). */
static inline int rw_syncsum_read(const rw_syncsum *q, uintptr_t addr, rw_syncsum_view *out) {
  uint64_t v = atomic_load_explicit(&q->version, memory_order_acquire);
  if ((v & 1) || atomic_load_explicit(&q->addr, memory_order_relaxed) != addr)
    return 0;
  out->version = v;
  out->slot = atomic_load_explicit(&q->slot, memory_order_relaxed);
  out->epoch = atomic_load_explicit(&q->epoch, memory_order_relaxed);
  out->id = atomic_load_explicit(&q->id, memory_order_relaxed);
  out->joins = atomic_load_explicit(&q->joins, memory_order_relaxed);
  out->gen = atomic_load_explicit(&q->gen, memory_order_relaxed);
  atomic_thread_fence(memory_order_acquire);
  return atomic_load_explicit(&q->version, memory_order_relaxed) == v;
}

/* dst := dst join a clock that is one thread's (slot) at one epoch, in
 * O(1): 0 if dst knows it (a thread ticks after every release, so the
 * epoch names one clock value); 1 if only that entry was behind, because
 * dst (a thread's C_t) took the same thread incarnation's clock at the
 * same count of its joins before (`same`); -1 if neither: join it all. */
static inline int rw_syncsum_take(uint32_t slot, uint64_t epoch, rw_vc *dst, int same) {
  if (rw_vc_get(dst, slot) >= epoch)
    return 0;
  if (!same || slot >= dst->n)
    return -1;
  dst->c[slot] = epoch;
  return 1;
}

/* An acquire into vc of the object at addr from its bucket's summary q
 * (*v): -1 if q names another object or neither O(1) case applies (take
 * the lock); else whether vc changed.  from_id, from_joins: whose clock
 * vc took from this object last (rw_sync_from), if it did. */
static inline int rw_syncsum_acquire(const rw_syncsum *q, uintptr_t addr, rw_vc *vc,
                                     uint64_t from_id, uint64_t from_joins,
                                     rw_syncsum_view *v) {
  if (!rw_syncsum_read(q, addr, v))
    return -1;
  return rw_syncsum_take(v->slot, v->epoch, vc, from_id == v->id && from_joins == v->joins);
}

#endif
