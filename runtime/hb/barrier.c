/*
 * barrier.c - pthread barriers by generation (barrier.h).
 *
 * Barriers are few: a small hash table of records behind one spin lock,
 * kept until the barrier is destroyed.  Each record keeps the clocks of
 * the last RW_BARRIER_RING generations; a thread leaving after its
 * generation's entry was reused (it left more than RW_BARRIER_RING - 1
 * generations late) acquires every entry: more order than there was,
 * which can only hide races, never invent one.
 */
#include "hb/barrier.h"

#include <stdatomic.h>

#include "common/hash.h"
#include "common/rawalloc.h"
#include "common/spin.h"
#include "raceway/abi.h"

#define RW_BARRIER_RING 4
#define BARRIER_BUCKET_BITS 6

typedef struct rw_barrier_rec {
  struct rw_barrier_rec *next;
  uintptr_t addr;
  uint32_t count;
  uint64_t arrivals;
  struct {
    uint64_t gen;          /* generation + 1 held; 0: none */
    rw_vc clock;
  } ring[RW_BARRIER_RING];
} rw_barrier_rec;

static rw_spin lock = RW_SPIN_INIT;
static rw_barrier_rec *buckets[1u << BARRIER_BUCKET_BITS];

void rw_barrier_after_fork(void) { rw_spin_reset(&lock); }

/* Caller holds the lock. */
static rw_barrier_rec **slot_of(uintptr_t addr) {
  rw_barrier_rec **pp = &buckets[rw_hash_bucket(addr, BARRIER_BUCKET_BITS)];
  while (*pp && (*pp)->addr != addr)
    pp = &(*pp)->next;
  return pp;
}

static void rec_free(rw_barrier_rec *r) {
  for (int i = 0; i < RW_BARRIER_RING; i++)
    rw_vc_free(&r->ring[i].clock);
  rw_raw_free(r);
}

void rw_barrier_forget(uintptr_t addr) {
  rw_spin_lock(&lock);
  rw_barrier_rec **pp = slot_of(addr), *r = *pp;
  if (r)
    *pp = r->next;
  rw_spin_unlock(&lock);
  if (r)
    rec_free(r);
}

void rw_barrier_init(uintptr_t addr, unsigned count) {
  rw_barrier_forget(addr);
  if (count == 0)
    return;
  rw_barrier_rec *r = rw_raw_calloc(1, sizeof *r);
  if (!r)
    return;
  r->addr = addr;
  r->count = count;
  rw_spin_lock(&lock);
  rw_barrier_rec **pp = slot_of(addr);
  r->next = *pp;
  *pp = r;
  rw_spin_unlock(&lock);
}

static int live(void) {
  return atomic_load_explicit(&rw_sync_live, memory_order_acquire);
}

uint64_t rw_barrier_arrive(rw_hb *hb, uintptr_t addr) {
  uint64_t ticket = 0;
  int is_live = hb && live();
  rw_spin_lock(&lock);
  rw_barrier_rec *r = *slot_of(addr);
  if (r) {
    uint64_t gen = r->arrivals++ / r->count;
    ticket = gen + 1;
    int i = (int)(gen % RW_BARRIER_RING);
    if (r->ring[i].gen != ticket) {
      r->ring[i].gen = ticket;
      rw_vc_clear(&r->ring[i].clock);
    }
    if (is_live)
      rw_vc_join(&r->ring[i].clock, &hb->vc);
  }
  rw_spin_unlock(&lock);
  if (!r) {
    if (hb)
      rw_sync_atomic_release(hb, addr, RACEWAY_ORDER_RELEASE);
  } else if (is_live) {        /* a release: later accesses are not in it */
    rw_vc_set(&hb->vc, hb->slot, rw_vc_get(&hb->vc, hb->slot) + 1);
    hb->vc_changed = 1;
  }
  return ticket;
}

void rw_barrier_leave(rw_hb *hb, uintptr_t addr, uint64_t ticket) {
  if (!ticket) {
    rw_sync_atomic_acquire(hb, addr, RACEWAY_ORDER_ACQUIRE);
    return;
  }
  if (!live())
    return;
  rw_spin_lock(&lock);
  rw_barrier_rec *r = *slot_of(addr);
  if (r) {
    int i = (int)((ticket - 1) % RW_BARRIER_RING);
    if (r->ring[i].gen == ticket) {
      rw_sync_join(hb, &r->ring[i].clock);
    } else {                   /* reused: everything kept */
      for (int j = 0; j < RW_BARRIER_RING; j++)
        rw_sync_join(hb, &r->ring[j].clock);
    }
  }
  rw_spin_unlock(&lock);
}
