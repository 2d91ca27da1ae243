/*
 * slots.c - thread slots in chunks of 1024 entries, allocated on first use
 * and never freed.
 */
#include "capture/slots.h"

#include <sched.h>
#include <stdio.h>
#include <string.h>

#include "common/ids.h"
#include "common/rawalloc.h"
#include "common/spin.h"

#define SLOT_CHUNK 1024u
#define SLOT_CHUNKS (RW_SLOTS_MAX / SLOT_CHUNK)
#define SLOT_LOOKS 64u   /* free slots a claim looks at (take_free) */

static _Atomic(rw_slot *) chunks[SLOT_CHUNKS];
static _Atomic uint32_t next_slot = 1;

/* Free slots (ended threads) and the counts of retired rings, behind one
 * lock: reuse and retirement are per thread, never per event. */
static rw_spin lock = RW_SPIN_INIT;
static uint32_t free_slots[RW_SLOTS_FREE_MAX];   /* a queue, oldest first */
static uint32_t free_head, nfree;
static uint64_t retired_produced, retired_dropped;
static uint64_t ngiven_up;   /* rings given up (slots.h), for the exit line */
static uint32_t nwaiting;    /* rings in the slots' prev_ring lists */
static uint64_t nclaims;     /* slots claimed so far: ended threads' age */
static rw_slots_stats stats; /* the exit line's counts (slots.h) */
static _Atomic int reaper;   /* a flusher was started (rw_slots_set_reaper) */
/* Unjoinable slots on the queue that no sweep has taken yet (read without
 * the lock only as a hint); sweeps done.  Sweeps may overlap (disjoint
 * slots): one whose thread is preempted holds back only its own. */
static _Atomic uint32_t nunswept;
static _Atomic uint64_t nsweeps;

/* A ring's offered and dropped records (`reentered` counts as both). */
static void ring_counts(rw_ring *r, uint64_t *p, uint64_t *d) {
  uint64_t re = atomic_load(&r->reentered);
  *p += rw_ring_produced(r) + re;
  *d += atomic_load(&r->dropped) + re;
}

rw_slot *rw_slots_get(uint32_t slot) {
  if (slot == 0 || slot >= RW_SLOTS_MAX)
    return 0;
  rw_slot *c = atomic_load_explicit(&chunks[slot / SLOT_CHUNK], memory_order_acquire);
  return c ? &c[slot % SLOT_CHUNK] : 0;
}

uint32_t rw_slots_end(void) {
  uint32_t n = atomic_load_explicit(&next_slot, memory_order_acquire);
  return n < RW_SLOTS_MAX ? n : RW_SLOTS_MAX;
}

const char *rw_slots_name(uint32_t slot) {
  rw_slot *s = rw_slots_get(slot);
  return s && s->name[0] ? s->name : 0;
}

/* Copy, under the seqlock, slot s's thread at epoch (the present one:
 * UINT64_MAX) and up to max - 1 earlier ones its start covered
 * (rw_slots_occupants); the number copied. */
static uint32_t occupants(rw_slot *s, uint64_t epoch, rw_slot_occ *out, uint32_t max) {
  for (;;) {
    uint32_t a = atomic_load_explicit(&s->name_seq, memory_order_acquire);
    if (!(a & 1)) {
      uint32_t n = 0;
      int i = -1, covered = 0;   /* i: -1 the present thread, else past[i] */
      if (epoch < s->first_epoch || !s->name[0])
        for (i = 0; i < RW_SLOTS_PAST; i++)
          if (s->past[i].name[0] && epoch >= s->past[i].first_epoch)
            break;
      for (; i < RW_SLOTS_PAST && n < max && (n == 0 || covered); i++) {
        const char *name = i < 0 ? s->name : s->past[i].name;
        if (!name[0])
          break;
        memcpy(out[n].name, name, 24);
        out[n].name[23] = 0;
        out[n++].first_epoch = i < 0 ? s->first_epoch : s->past[i].first_epoch;
        covered = i < 0 ? s->covered : s->past[i].covered;
      }
      atomic_thread_fence(memory_order_acquire);
      if (atomic_load_explicit(&s->name_seq, memory_order_relaxed) == a)
        return n;
    }
    sched_yield();   /* a rename is a few stores: rare and short */
  }
}

static int name_of(rw_slot *s, uint64_t epoch, char out[24]) {
  rw_slot_occ o;
  if (!occupants(s, epoch, &o, 1))
    return out[0] = 0;
  memcpy(out, o.name, 24);
  return 1;
}

int rw_slots_name_copy(uint32_t slot, char out[24]) {
  rw_slot *s = rw_slots_get(slot);
  return s ? name_of(s, UINT64_MAX, out) : 0;
}

int rw_slots_name_at(uint32_t slot, uint64_t epoch, char out[24]) {
  rw_slot *s = rw_slots_get(slot);
  return s ? name_of(s, epoch, out) : 0;
}

uint32_t rw_slots_occupants(uint32_t slot, uint64_t epoch, rw_slot_occ *out, uint32_t max) {
  rw_slot *s = rw_slots_get(slot);
  return s && max ? occupants(s, epoch, out, max) : 0;
}

/* The entry for a new slot, allocating its chunk on first use. */
static rw_slot *entry(uint32_t slot) {
  if (slot >= RW_SLOTS_MAX)
    return 0;
  _Atomic(rw_slot *) *cp = &chunks[slot / SLOT_CHUNK];
  rw_slot *c = atomic_load_explicit(cp, memory_order_acquire);
  if (!c) {
    rw_slot *fresh = rw_raw_calloc(SLOT_CHUNK, sizeof(rw_slot));
    if (!fresh)
      return 0;
    if (atomic_compare_exchange_strong(cp, &c, fresh))
      c = fresh;
    else
      rw_raw_free(fresh);   /* another thread installed it first */
  }
  return &c[slot % SLOT_CHUNK];
}

void rw_slots_renew(uint32_t slot, uint32_t os_tid, rw_ring *ring, uint64_t first_epoch,
                    int covered) {
  rw_slot *s = rw_slots_get(slot);
  if (!s)
    return;
  /* A seqlock: the flusher reads the name (rw_slots_name_copy) while a
   * new thread takes the slot. */
  uint32_t seq = atomic_load_explicit(&s->name_seq, memory_order_relaxed);
  atomic_store_explicit(&s->name_seq, seq + 1, memory_order_relaxed);
  atomic_thread_fence(memory_order_release);
  if (s->name[0]) {
    memmove(&s->past[1], &s->past[0], (RW_SLOTS_PAST - 1) * sizeof s->past[0]);
    s->past[0].first_epoch = s->first_epoch;
    s->past[0].covered = s->covered;
    memcpy(s->past[0].name, s->name, sizeof s->name);
  }
  s->first_epoch = first_epoch;
  s->covered = (uint8_t)covered;
  snprintf(s->name, sizeof s->name, "%u:%u", (unsigned)rw_ids_pid, (unsigned)os_tid);
  atomic_store_explicit(&s->name_seq, seq + 2, memory_order_release);
  if (ring)
    memcpy(ring->name, s->name, sizeof ring->name);
  atomic_store_explicit(&s->exited, 0, memory_order_release);   /* first: flusher.c */
  atomic_store_explicit(&s->ring, ring, memory_order_release);
}

/* Give up ring, the slot's undrained prev_ring (the lock held): the
 * flusher may be encoding from it right now, so it stays allocated, at
 * the end of the slot's list, until the flusher reaps it (rw_slots_reap). */
static void append_gone(rw_slot *s, rw_ring *ring) {
  ring->gone_next = 0;
  rw_ring *last = atomic_load_explicit(&s->gone, memory_order_relaxed);
  if (!last) {
    atomic_store_explicit(&s->gone, ring, memory_order_release);
  } else {
    while (last->gone_next)
      last = last->gone_next;
    last->gone_next = ring;
  }
  ngiven_up++;
}

/* With no flusher ever started, nobody else can hold the slot's rings
 * given up: take them off (the lock held) to be freed after it.  The
 * fence pairs with rw_slots_set_reaper's: a flusher starting meanwhile
 * reads the slot's rings only after its store, so it sees the new ones. */
static rw_ring *unreaped(rw_slot *s) {
  atomic_thread_fence(memory_order_seq_cst);
  if (atomic_load_explicit(&reaper, memory_order_relaxed))
    return 0;
  rw_ring *list = atomic_load_explicit(&s->gone, memory_order_relaxed);
  atomic_store_explicit(&s->gone, 0, memory_order_relaxed);
  for (rw_ring *g = list; g; g = g->gone_next) {
    ring_counts(g, &retired_produced, &retired_dropped);
    retired_dropped += rw_ring_used(g);   /* never encoded: dropped */
  }
  return list;
}

static void free_list(rw_ring *g) {
  while (g) {
    rw_ring *next = g->gone_next;
    uint64_t last;
    rw_ring_discard(g, &last);
    rw_ring_destroy(g);
    g = next;
  }
}

/* Slot s (free) may go to a thread whose initial clock is start (NULL:
 * none): its ended threads were swept, or start covers the last one's end
 * (slots.h). */
static int reusable(const rw_slot *s, const rw_vc *start, uint32_t k) {
  if (s->sweeping)
    return 0;
  return s->swept || (start && rw_vc_get(start, k) >= s->final_epoch);
}

/* The slot's oldest waiting ring, off its list (the lock held). */
static rw_ring *unwait(rw_slot *s) {
  rw_ring *head = atomic_load_explicit(&s->prev_ring, memory_order_relaxed);
  if (!head)
    return 0;
  atomic_store_explicit(&s->prev_ring, head->wait_next, memory_order_release);
  if (s->wait_tail == head)
    s->wait_tail = 0;
  nwaiting--;
  s->nwait--;
  return head;
}

/* 1 if slot s's waiting rings are at a cap (the lock held): reusing it
 * gives its oldest up. */
static int waiting_full(const rw_slot *s) {
  return atomic_load_explicit(&s->prev_ring, memory_order_relaxed) &&
         (nwaiting >= RW_SLOTS_WAITING_MAX || s->nwait >= RW_SLOTS_PAST);
}

/* Slot s goes to a new thread (the lock held): its ended thread's ring,
 * drained or not, makes way for the new one's and waits behind the
 * slot's older rings; past RW_SLOTS_WAITING_MAX waiting in all, or
 * RW_SLOTS_PAST in the slot, the slot's oldest is given up.  The list
 * before the ring: a flusher that sees the new ring also sees the old one
 * waiting (flusher.c drains those first).  The rings given up to free (no
 * flusher to reap them), if any. */
static rw_ring *hand_over(rw_slot *s) {
  rw_ring *to_free = 0;
  if (waiting_full(s)) {
    append_gone(s, unwait(s));
    to_free = unreaped(s);
  }
  rw_ring *old = atomic_load_explicit(&s->ring, memory_order_relaxed);
  if (old) {
    old->wait_next = 0;
    if (s->wait_tail)
      s->wait_tail->wait_next = old;
    else
      atomic_store_explicit(&s->prev_ring, old, memory_order_release);
    s->wait_tail = old;
    s->nwait++;
    if (++nwaiting > stats.waiting_peak)
      stats.waiting_peak = nwaiting;
    stats.waited += old != atomic_load_explicit(&s->prev_ring, memory_order_relaxed);
  }
  atomic_store_explicit(&s->ring, 0, memory_order_release);
  return to_free;
}

/* Free slot s is not reusable by this claim (the lock held).  A joinable
 * thread that ended RW_SLOTS_LEAKED_AGE claims ago and whose slot none of
 * them took is presumed leaked: its slot waits for a sweep like a
 * detached thread's (slots.h). */
static void passed_over(rw_slot *s) {
  if (s->unjoinable || s->sweeping || s->swept || nclaims - s->released_at < RW_SLOTS_LEAKED_AGE)
    return;
  s->unjoinable = 1;
  atomic_fetch_add_explicit(&nunswept, 1, memory_order_relaxed);
  stats.leaked++;
}

/* A free slot that `start` allows, taken off the queue; 0 if none, and
 * *why says why (slots.h).  Looks at the oldest few only, so the search
 * stays short: the oldest ended threads are the likeliest to have been
 * joined.  One that `start` does not allow yet goes to the back.
 * (Looking at the newest instead failed under a thread per connection:
 * libmicrohttpd joins ended threads later, in its polling loop, so the
 * newest 64 were never allowed, the allowed ones sank out of reach, the
 * queue filled and every later thread took a new slot: 43,911 slots for
 * 53,000 requests, 400 MB in 30 s.) */
static uint32_t take_free(const rw_vc *start, int *why) {
  uint32_t found = 0;
  rw_ring *to_free = 0;
  rw_spin_lock(&lock);
  *why = !nfree                  ? RW_SLOT_NEW_EMPTY
         : !start                 ? RW_SLOT_NEW_NO_START
         : nfree > SLOT_LOOKS     ? RW_SLOT_NEW_UNSEEN
                                  : RW_SLOT_NEW_UNJOINED;
  nclaims++;
  int give_up = atomic_load(&next_slot) > RW_SLOTS_GIVE_UP;
  for (uint32_t tries = 0; tries < nfree && tries < SLOT_LOOKS; tries++) {
    uint32_t k = free_slots[free_head];
    free_head = (free_head + 1) % RW_SLOTS_FREE_MAX;
    rw_slot *s = rw_slots_get(k);
    int joined = s && reusable(s, start, k);
    if (joined && (give_up || !waiting_full(s))) {
      found = k;
      nfree--;
      if (s->unjoinable && !s->swept)
        atomic_fetch_sub_explicit(&nunswept, 1, memory_order_relaxed);
      s->queued = s->unjoinable = s->swept = 0;
      to_free = hand_over(s);
      break;
    }
    /* Passed over with its thread joined (its rings at the cap) is no
     * sign of a leak. */
    if (joined)
      *why = RW_SLOT_NEW_BEHIND;
    else if (s && s->sweeping)
      *why = RW_SLOT_NEW_SWEEPING;
    else if (s)
      passed_over(s);
    free_slots[(free_head + nfree - 1) % RW_SLOTS_FREE_MAX] = k;   /* to the back */
  }
  if (!found)
    stats.made[*why]++;
  rw_spin_unlock(&lock);
  free_list(to_free);
  return found;
}

uint32_t rw_slots_claim(uint32_t os_tid, rw_ring *ring, const rw_vc *start,
                        uint64_t *epoch, uint64_t *seq) {
  int why;
  uint32_t slot = take_free(start, &why);
  *epoch = 0;
  *seq = 1;
  int covered = 0;
  if (slot) {
    rw_slot *s = rw_slots_get(slot);
    covered = start && rw_vc_get(start, slot) >= s->final_epoch;
    *epoch = s->final_epoch + 1;
    *seq = s->next_seq;
    atomic_fetch_add_explicit(&s->occupant, 1, memory_order_release);
  } else {
    slot = atomic_fetch_add(&next_slot, 1);
    if (!entry(slot))
      return 0;
  }
  rw_slots_renew(slot, os_tid, ring, *epoch, covered);
  return slot;
}

/* With no flusher ever started, nothing will drain or retire the ended
 * thread's ring: take it off the slot (the lock held) to be freed after,
 * if it holds no record (a flusher started later, by a fork child or a
 * flush, would want those).  The slot's ring is cleared before the fence
 * and put back if a flusher was started meanwhile: one starting now reads
 * the slot's rings only after its own fence (rw_slots_set_reaper). */
static rw_ring *idle_ring(rw_slot *s) {
  rw_ring *r = atomic_load_explicit(&s->ring, memory_order_relaxed);
  if (!r || atomic_load_explicit(&reaper, memory_order_relaxed) || rw_ring_used(r))
    return 0;
  atomic_store_explicit(&s->ring, 0, memory_order_relaxed);
  atomic_thread_fence(memory_order_seq_cst);
  if (atomic_load_explicit(&reaper, memory_order_relaxed)) {
    atomic_store_explicit(&s->ring, r, memory_order_release);
    return 0;
  }
  ring_counts(r, &retired_produced, &retired_dropped);
  return r;
}

void rw_slots_set_last(uint32_t slot, uint64_t seq) {
  rw_slot *s = rw_slots_get(slot);
  if (s)
    s->last_seq = seq;
}

uint64_t rw_slots_last(uint32_t slot) {
  rw_slot *s = rw_slots_get(slot);
  return s ? s->last_seq : 0;
}

void rw_slots_release(uint32_t slot, uint64_t final_epoch, uint64_t next_seq) {
  rw_slot *s = rw_slots_get(slot);
  if (!s)
    return;
  rw_spin_lock(&lock);        /* final_epoch: rw_slots_unjoinable reads it */
  s->final_epoch = final_epoch;
  s->next_seq = next_seq;
  s->released_at = nclaims;
  s->queued = nfree < RW_SLOTS_FREE_MAX;
  if (s->queued)
    free_slots[(free_head + nfree++) % RW_SLOTS_FREE_MAX] = slot;
  rw_ring *idle = idle_ring(s);
  rw_spin_unlock(&lock);
  if (idle)
    rw_ring_destroy(idle);
}

void rw_slots_unjoinable(uint32_t slot, uint64_t final_epoch) {
  rw_slot *s = rw_slots_get(slot);
  if (!s)
    return;
  rw_spin_lock(&lock);
  /* Still the ended thread's (its epoch), and on the queue. */
  if (s->queued && !s->unjoinable && s->final_epoch == final_epoch) {
    s->unjoinable = 1;
    atomic_fetch_add_explicit(&nunswept, 1, memory_order_relaxed);
  }
  rw_spin_unlock(&lock);
}

uint32_t rw_slots_sweep_begin(uint32_t min, uint32_t **list) {
  *list = 0;
  if (atomic_load_explicit(&nunswept, memory_order_relaxed) < (min ? min : 1))
    return 0;
  uint32_t *out = rw_raw_malloc(RW_SLOTS_FREE_MAX * sizeof *out);
  if (!out)
    return 0;
  uint32_t n = 0;
  rw_spin_lock(&lock);
  if (atomic_load_explicit(&nunswept, memory_order_relaxed) >= min) {
    for (uint32_t i = 0; i < nfree; i++) {
      uint32_t k = free_slots[(free_head + i) % RW_SLOTS_FREE_MAX];
      rw_slot *s = rw_slots_get(k);
      if (s && s->unjoinable && !s->swept && !s->sweeping) {
        s->sweeping = 1;
        out[n++] = k;
      }
    }
    atomic_fetch_sub_explicit(&nunswept, n, memory_order_relaxed);
  }
  rw_spin_unlock(&lock);
  if (n)
    *list = out;
  else
    rw_raw_free(out);
  return n;
}

void rw_slots_sweep_end(uint32_t *list, uint32_t n, int done) {
  rw_spin_lock(&lock);
  for (uint32_t i = 0; i < n; i++) {
    rw_slot *s = rw_slots_get(list[i]);
    s->sweeping = 0;
    s->swept = (uint8_t)done;
  }
  if (done)
    atomic_fetch_add_explicit(&nsweeps, 1, memory_order_relaxed);
  else                         /* they wait for the next one */
    atomic_fetch_add_explicit(&nunswept, n, memory_order_relaxed);
  rw_spin_unlock(&lock);
  rw_raw_free(list);
}

uint64_t rw_slots_sweeps(void) {
  return atomic_load_explicit(&nsweeps, memory_order_relaxed);
}

void rw_slots_retire_ring(uint32_t slot, rw_ring *r) {
  rw_slot *s = rw_slots_get(slot);
  if (!s || !r)
    return;
  rw_spin_lock(&lock);
  int where = atomic_load(&s->ring) == r ? 1 : atomic_load(&s->prev_ring) == r ? 2 : 0;
  if (where) {
    ring_counts(r, &retired_produced, &retired_dropped);
    if (where == 1)
      atomic_store_explicit(&s->ring, 0, memory_order_release);
    else
      unwait(s);
  }
  rw_spin_unlock(&lock);
  if (where)
    rw_ring_destroy(r);
}

void rw_slots_counts(uint64_t *produced, uint64_t *dropped) {
  rw_spin_lock(&lock);
  uint64_t p = retired_produced, d = retired_dropped;
  uint32_t end = rw_slots_end();
  for (uint32_t i = 1; i < end; i++) {
    rw_slot *s = rw_slots_get(i);
    rw_ring *r = s ? atomic_load_explicit(&s->ring, memory_order_acquire) : 0;
    if (r)
      ring_counts(r, &p, &d);
    for (r = s ? atomic_load(&s->prev_ring) : 0; r; r = r->wait_next)
      ring_counts(r, &p, &d);
    for (rw_ring *r = s ? atomic_load(&s->gone) : 0; r; r = r->gone_next)
      ring_counts(r, &p, &d);   /* what it still holds: pending until reaped */
  }
  rw_spin_unlock(&lock);
  *produced = p;
  *dropped = d;
}

rw_ring *rw_slots_gone(uint32_t slot) {
  rw_slot *s = rw_slots_get(slot);
  /* The head only changes here (the flusher) and from empty to one. */
  return s ? atomic_load_explicit(&s->gone, memory_order_acquire) : 0;
}

void rw_slots_reap(uint32_t slot, rw_ring *r, uint64_t popped) {
  rw_slot *s = rw_slots_get(slot);
  if (!s || !r)
    return;
  rw_spin_lock(&lock);
  int found = atomic_load_explicit(&s->gone, memory_order_relaxed) == r;
  if (found) {
    atomic_store_explicit(&s->gone, r->gone_next, memory_order_release);
    ring_counts(r, &retired_produced, &retired_dropped);
    retired_dropped += popped;   /* never encoded: dropped, counted */
  }
  rw_spin_unlock(&lock);
  if (found)
    rw_ring_destroy(r);
}

void rw_slots_set_reaper(void) {
  atomic_store_explicit(&reaper, 1, memory_order_relaxed);
  atomic_thread_fence(memory_order_seq_cst);
}

void rw_slots_get_stats(rw_slots_stats *out) {
  rw_spin_lock(&lock);
  *out = stats;
  rw_spin_unlock(&lock);
}

uint64_t rw_slots_given_up(void) {
  rw_spin_lock(&lock);
  uint64_t n = ngiven_up;
  rw_spin_unlock(&lock);
  return n;
}

void rw_slots_after_fork(uint32_t keep) {
  rw_spin_reset(&lock);
  nfree = free_head = 0;     /* the parent's ended threads: not ours */
  atomic_store(&nunswept, 0);
  atomic_store(&reaper, 0);  /* no flusher here (yet) */
  nwaiting = 0;              /* the flusher's fork handler drops them */
  retired_produced = retired_dropped = 0;
  uint32_t end = rw_slots_end();
  for (uint32_t i = 1; i < end; i++) {
    rw_slot *s = rw_slots_get(i);
    if (s && i != keep)
      atomic_store(&s->exited, 1);
    if (s) {  /* a rename cut short by the fork would never end here */
      atomic_store(&s->name_seq, 0);
      s->queued = s->unjoinable = s->sweeping = s->swept = 0;
      s->wait_tail = 0;
      s->nwait = 0;
    }
    /* Rings given up in the parent: its events, not ours. */
    if (s)
      free_list(atomic_exchange(&s->gone, 0));
  }
}
