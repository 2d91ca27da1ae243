/*
 * capture.h - recording events (runtime/capture/capture.c).
 *
 * Application threads append fixed-size records to their own
 * single-producer ring (ring.h): no lock, no allocation, no syscall on the
 * path of a tracked access.  The transport layer drains the rings on its
 * own thread; capture only tells it, through the wake callback, when a
 * ring is filling up.
 *
 * Every rw_capture_<kind> returns the event's seq (its position in the
 * thread's parent chain), or 0 if the event was not recorded (capture off,
 * buffer full: counted by the ring).
 */
#ifndef RW_CAPTURE_H
#define RW_CAPTURE_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "capture/ring.h"
#include "common/clock.h"
#include "common/config.h"
#include "common/export.h"
#include "common/label.h"
#include "hb/sync.h"
#include "raceway/abi.h"

struct rw_trace_ctx;

/* Where an event happened: a pass site (file:line:col), else a code
 * address symbolised at encode time, else a literal string (interned). */
typedef struct rw_loc {
  const raceway_site *site;
  const void *pc;
  const char *text;
} rw_loc;

/* A lock acquisition not recorded yet (see rw_capture_lock). */
#define RW_MAX_PENDING_LOCKS 8
typedef struct rw_pending_lock {
  uintptr_t lock;
  uint32_t gen;
  uint8_t kind;              /* enum rw_lock_kind                        */
  const char *manual_type;
  rw_loc loc;
} rw_pending_lock;

/* Locks taken before happens-before tracking started, recorded nowhere
 * else yet (see rw_capture_lazy_lock). */
#define RW_MAX_LAZY_LOCKS 4
#define RW_LAZY_KIND_MASK 3u   /* kinds below RW_LOCK_MANUAL: 2 bits */
#define RW_LAZY_NONE UINTPTR_MAX /* no lock's address | kind (kernel space) */
/* Per-thread capture state, embedded in the thread's record.  Set up by
 * rw_capture_init; the trace fields belong to the trace API (api/trace.c),
 * which sets them and raises trace_changed. */
typedef struct rw_capture {
  uint32_t slot;         /* the thread's slot (slots.h)                */
  rw_hb *hb;             /* its happens-before state: a changed clock
                            rides on the next event                    */
  rw_ring *ring;
  uint64_t seq;          /* seq the next event will get: a record
                            dropped at a full ring keeps its seq, so the
                            seq the detector took for it names no event
                            rather than the thread's next one          */
  uint64_t last;         /* seq of the last event recorded (0: none)   */
  uint64_t parent_seq;   /* explicit parent for the next event (0: the
                            previous event of this thread)             */
  uint32_t parent_slot;
  uint32_t span_depth;   /* function-entry span stack depth            */
  uint8_t first;         /* no event recorded yet (RW_EXT_FIRST)       */
  uint8_t spawn_lost;    /* a spawn was dropped since the last record:
                            the next one says so (RW_EXT_SPAWN_LOST)   */
  rw_vc sent;            /* the clock as the encoder knows it: events
                            carry only the entries that grew since     */
  /* Trace context (api/trace.c). */
  uint8_t trace_started; /* a trace began on this thread               */
  uint8_t trace_changed; /* next event carries the new trace context   */
  uint8_t trace_root;    /* ... and starts a new root (parent null)     */
  uint8_t trace_id[16];  /* current trace (process trace by default)   */
  char span_id[17];      /* current distributed span, "" if none       */
  char upstream_span[17];
  uint64_t request_start_ns; /* raceway_http_request_begin time        */
  struct rw_trace_ctx *trace_ctx; /* request trace's clock, or NULL in
                            the process trace; owned (rw_raw_free)     */
  /* Lock acquisitions held back (rw_capture_lock), oldest first, and the
   * newer lazy ones (rw_capture_lazy_lock): one word says "none of
   * either", the test on every record. */
  union {
    struct {
      uint16_t npending;
      uint16_t nlazy;
    };
    uint32_t waiting;
  };
  rw_pending_lock pending[RW_MAX_PENDING_LOCKS];
  /* Lazy locks: address | kind (the address 4-aligned, the kind an enum
   * rw_lock_kind below RW_LOCK_MANUAL, RW_LOCK_RW_READ meaning shared),
   * so that an unlock compares one word; and the location, the lock
   * call's return address.  Entries 1..nlazy: entry 0 is RW_LAZY_NONE,
   * which no lock matches, so an unlock tests the newest entry with no
   * test of nlazy. */
  uintptr_t lazy_lock[RW_MAX_LAZY_LOCKS + 1];
  const void *lazy_pc[RW_MAX_LAZY_LOCKS + 1];
} rw_capture;

/* Capture is on: started, enabled, sending, not shut down (lifecycle). */
extern _Atomic int rw_capture_on;

/* Called (from any application thread, lock-free) when a ring is half
 * full; the transport layer installs its wake-up here at start. */
void rw_capture_set_wake(void (*wake)(void));

/* A thread's capture state, recording into ring (NULL when memory ran
 * out: then nothing is recorded); and its end.  After a fork, forget
 * `sent` (rw_vc_free) so the child's next event carries its whole clock. */
void rw_capture_init(rw_capture *c, uint32_t slot, rw_hb *hb, rw_ring *ring);
void rw_capture_destroy(rw_capture *c);

/*
 * Lazy locks: before happens-before tracking starts (rw_sync_live), a
 * thread's lock operations need no edge (sync.h), only the held-lock list
 * and the held-back acquisition event, both of which matter only if the
 * thread records something while it holds the lock.  So a lock taken then
 * costs one small entry here (address, kind, return address), and its
 * unlock, the newest entry's, drops it: the pair touches nothing else.
 * rw_capture_settle turns the entries, oldest first, into what the lock
 * operations would have left (hb's held list, with the objects'
 * generations, and held-back acquisitions): the thread's next record does
 * it (rw_capture_begin), and so must every reader of the held list or of
 * rw_capture_next_seq (the detector, lock operations that do not take the
 * lazy path).  A lock held across tracking's start is still settled
 * without an edge: no release could reach it while it was held.
 */
void rw_capture_settle_slow(rw_capture *c);
static RW_ALWAYS_INLINE void rw_capture_settle(rw_capture *c) {
  if (__builtin_expect(c->nlazy != 0, 0))
    rw_capture_settle_slow(c);
}

/* The seq the next event will get: held-back lock acquisitions are
 * recorded just before it.  The caller settled lazy locks. */
static inline uint64_t rw_capture_next_seq(const rw_capture *c) {
  return c->seq + c->npending;
}

/* ---- the inline fast path and its out-of-line slow paths ---- */

/* Data records get a clock reading only every RW_CAPTURE_STAMP_EVERY ring
 * positions (raw 0 otherwise: the encoder gives them the previous stamp
 * plus 1 ns each); synchronisation records always get one.  rdtsc costs
 * more than the rest of a record. */
#define RW_CAPTURE_STAMP_EVERY 16

void rw_capture_flush_pending(rw_capture *c);    /* lazy, held-back locks  */
rw_rec *rw_capture_drop_guarded(rw_capture *c);  /* a full ring: see begin */
rw_ext *rw_capture_take_ext(rw_capture *c);      /* pending extras         */
void rw_capture_wake(rw_ring *r, uint64_t queued); /* ring half full       */

/* Reserve and stamp a record of class cls (enum rw_ring_class); NULL when
 * capture is off or the ring is full for it (counted by the ring).
 * Held-back lock acquisitions go first, unless this is a data record
 * the ring drops: then they stay held back (their release drops them), not
 * recorded around an event nobody will see (rw_capture_drop_guarded). */
static RW_ALWAYS_INLINE rw_rec *rw_capture_begin(rw_capture *c, int cls) {
  if (__builtin_expect(c->waiting != 0, 0)) {
    if (cls == RW_RING_DATA && c->ring && rw_ring_data_full(c->ring, c->npending))
      return rw_capture_drop_guarded(c);
    rw_capture_flush_pending(c);
  }
  rw_ring *r = c->ring;
  if (__builtin_expect(!r || !atomic_load_explicit(&rw_capture_on, memory_order_relaxed), 0))
    return 0;
  rw_rec *rec = rw_ring_reserve(r, cls);
  if (__builtin_expect(!rec, 0)) {
    c->seq++;
    return 0;
  }
  rec->seq = c->seq;
  rec->ts = cls != RW_RING_DATA || ((rec - r->recs) & (RW_CAPTURE_STAMP_EVERY - 1)) == 0
                ? rw_clock_now()
                : 0;
  rec->flags = 0;
  rec->ext = 0;
  if (__builtin_expect(c->hb->vc_changed | c->trace_changed | (c->parent_seq != 0), 0) &&
      !(rec->ext = rw_capture_take_ext(c))) {
    rw_ring_cancel(r);                 /* dropped, counted: no memory */
    c->seq++;
    return 0;
  }
  return rec;
}

/* Publish the record; its seq. */
static RW_ALWAYS_INLINE uint64_t rw_capture_commit(rw_capture *c) {
  rw_ring *r = c->ring;
  uint64_t seq = c->last = c->seq++;
  uint64_t queued = rw_ring_commit(r);
  if (__builtin_expect(queued >= r->wake_at, 0))
    rw_capture_wake(r, queued);
  return seq;
}

/*
 * StateChange: the hot path of every tracked access.  With room in the
 * ring: the capture_on load, the ring's head and tail_cache (one line,
 * owned by this thread), a clock reading on one record in 16, seven
 * stores into one cache line, one release store of head, and one
 * predictable branch for pending extras.  No lock, allocation or syscall.
 * has_old: old_value is valid.  cls: RW_RING_DATA, or RW_RING_CRITICAL for
 * an access a race was just found on (the race_detected event names it).
 * Returns the event's seq, 0 if it was dropped or capture is off.
 */
static RW_ALWAYS_INLINE uint64_t rw_capture_access(rw_capture *c, const raceway_site *s,
                                         uintptr_t addr, uint64_t old_value,
                                         uint64_t new_value, int has_old, int cls) {
  rw_rec *rec = rw_capture_begin(c, cls);
  if (!rec)
    return 0;
  rec->type = RW_REC_ACCESS;
  rec->flags = has_old ? RW_RECF_HAS_OLD : 0;
  rec->site = s;
  rec->addr = addr;
  rec->a = old_value;
  rec->b = new_value;
  return rw_capture_commit(c);
}

/* LockAcquire (after acquiring) / LockRelease (before releasing).
 * lock_id = registered name, else "<kind>@0x<addr>[#gen]".
 * Unless RACEWAY_LOCK_EVENTS=all, an acquisition is held back until the
 * thread records its next event, and a release whose acquisition is still
 * held back drops both: a lock that guarded no recorded event cannot change
 * any lock set the server computes, and busy locks around untracked work
 * would otherwise dominate the event stream.  Returns 0 for a held-back or
 * dropped event.  Inline: holding back, and dropping the newest held-back
 * acquisition, cost a few stores; with capture off (RACEWAY_SEND=none)
 * nothing is held; the rest is out of line. */
uint64_t rw_capture_lock_slow(rw_capture *c, int acquire, uintptr_t lock,
                              uint32_t gen, enum rw_lock_kind kind,
                              const char *manual_type, rw_loc loc);
static RW_ALWAYS_INLINE uint64_t rw_capture_lock(rw_capture *c, int acquire, uintptr_t lock,
                                                 uint32_t gen, enum rw_lock_kind kind,
                                                 const char *manual_type, rw_loc loc) {
  if (!atomic_load_explicit(&rw_capture_on, memory_order_relaxed))
    return 0;
  if (__builtin_expect(!rw_cfg.all_lock_events && c->ring != 0, 1)) {
    uint32_t n = c->npending;
    if (acquire && n < RW_MAX_PENDING_LOCKS) {
      rw_pending_lock *p = &c->pending[n];
      p->lock = lock;
      p->gen = gen;
      p->kind = (uint8_t)kind;
      p->manual_type = manual_type;
      p->loc = loc;
      c->npending = n + 1;
      return 0;
    }
    if (!acquire && n && c->pending[n - 1].lock == lock) {
      c->npending = n - 1;
      return 0;
    }
  }
  return rw_capture_lock_slow(c, acquire, lock, gen, kind, manual_type, loc);
}

/* The release of `lock` records nothing: capture is off, or it drops its
 * held-back acquisition (the common case, as rw_capture_lock would): 1.
 * Lets a caller skip working out the release event's details. */
static RW_ALWAYS_INLINE int rw_capture_unlock_dropped(rw_capture *c, uintptr_t lock) {
  if (!atomic_load_explicit(&rw_capture_on, memory_order_relaxed))
    return 1;
  uint32_t n = c->npending;
  if (__builtin_expect(!rw_cfg.all_lock_events && c->ring != 0 && n &&
                       c->pending[n - 1].lock == lock, 1)) {
    c->npending = n - 1;
    return 1;
  }
  return 0;
}

/* The lock at `lock` was just acquired, before tracking started (the
 * caller checked rw_sync_live after acquiring: a release made after it
 * started may have reached this acquire) and with every lock event held
 * back (!rw_cfg.all_lock_events): 1 if it went in as a lazy entry. */
static RW_ALWAYS_INLINE int rw_capture_lazy_lock(rw_capture *c, uintptr_t lock,
                                                 enum rw_lock_kind kind, const void *pc) {
  uint32_t n = c->nlazy;
  if (__builtin_expect(n >= RW_MAX_LAZY_LOCKS || (lock & RW_LAZY_KIND_MASK) != 0, 0))
    return 0;
  c->lazy_lock[n + 1] = lock | kind;
  c->lazy_pc[n + 1] = pc;
  c->nlazy = (uint16_t)(n + 1);
  return 1;
}

/* Releasing `lock` of `kind` before tracking started: the newest lazy
 * entry is its (top), drop it; unlock: both, 1 if it was the newest lazy
 * entry, now dropped (the pair leaves no trace, as a held-back
 * acquisition and its release leave none). */
static RW_ALWAYS_INLINE int rw_capture_lazy_top(const rw_capture *c, uintptr_t lock,
                                                enum rw_lock_kind kind) {
  return RW_LIKELY(c->lazy_lock[c->nlazy] == (lock | kind));
}
static RW_ALWAYS_INLINE void rw_capture_lazy_drop(rw_capture *c) {
  c->nlazy = (uint16_t)(c->nlazy - 1);
}
static RW_ALWAYS_INLINE int rw_capture_lazy_unlock(rw_capture *c, uintptr_t lock,
                                                   enum rw_lock_kind kind) {
  if (!rw_capture_lazy_top(c, lock, kind))
    return 0;
  rw_capture_lazy_drop(c);
  return 1;
}

/* The kind of the newest lazy entry for `lock`, or -1 (pthread_rwlock_unlock
 * does not say which mode it ends). */
static inline int rw_capture_lazy_kind(const rw_capture *c, uintptr_t lock) {
  uint32_t n = c->nlazy;
  return n && (c->lazy_lock[n] & ~(uintptr_t)RW_LAZY_KIND_MASK) == lock
             ? (int)(c->lazy_lock[n] & RW_LAZY_KIND_MASK) : -1;
}

/* AsyncSpawn (parent side, before the thread starts).  task_id gets the
 * spawn's task id, a random one when the event was not recorded. */
uint64_t rw_capture_spawn(rw_capture *c, rw_loc loc, uint8_t task_id[16]);
/* The event a spawned thread's first event descends from, (*slot, *seq):
 * its spawn (spawn_seq, rw_capture_spawn's result), or when that was
 * dropped (a full ring) one before it: the explicit parent the spawner's
 * next record will name (a dropped join's: the joined thread's last event,
 * which knows most of what the spawner learned since its last record),
 * else the spawner's last recorded event (the record after the drop
 * carries RW_EXT_SPAWN_LOST, so the flusher keeps that event's vector for
 * the children: transport/spawnvec.h).  An event before the spawn has
 * RW_CAPTURE_BEFORE in *slot: the child's record says so
 * (RW_EXT_PARENT_BEFORE; the races window sends only spawns at once).
 * *seq 0: none (a root). */
#define RW_CAPTURE_BEFORE (1u << 31)
static inline void rw_capture_spawn_parent(const rw_capture *c, uint64_t spawn_seq,
                                           uint32_t *slot, uint64_t *seq) {
  *slot = c->slot;
  *seq = spawn_seq;
  if (spawn_seq)
    return;
  if (c->parent_seq)
    *slot = c->parent_slot, *seq = c->parent_seq;
  else
    *seq = c->first ? 0 : c->last;
  *slot |= RW_CAPTURE_BEFORE;
}
/* AsyncAwait on the joiner; its parent is (child_slot, child_last_seq). */
uint64_t rw_capture_await(rw_capture *c, const uint8_t task_id[16],
                          uint32_t child_slot, uint64_t child_last_seq,
                          rw_loc loc);
/* MemoryFence. */
uint64_t rw_capture_fence(rw_capture *c, const raceway_site *s);
/* FunctionCall (opt-in entry tracking). */
uint64_t rw_capture_func(rw_capture *c, const raceway_func_site *f,
                         const uint64_t *args);
/* Custom event with a pre-encoded JSON value (copied). */
uint64_t rw_capture_custom(rw_capture *c, const char *name,
                           const char *data_json);
/* The same as a critical record (ring.h): the runtime's race_detected
 * events, which a ring the application keeps full must still carry.
 * rw_capture_room_critical: how many such records fit now (0: capture
 * off, or no ring); one that fits is only lost to the memory budget
 * (counted). */
uint64_t rw_capture_custom_critical(rw_capture *c, const char *name,
                                    const char *data_json);
uint64_t rw_capture_room_critical(rw_capture *c);
/* A record this thread offers is lost before its reserve (counted as
 * produced and dropped). */
void rw_capture_count_lost(rw_capture *c);
/* Any kind, pre-encoded {"Kind":{...}} (copied). */
uint64_t rw_capture_kind_json(rw_capture *c, const char *kind_json);
/* Any kind, pre-encoded and malloc'd: freed here, the ring holds a copy
 * from the runtime's allocator (not this thread's malloc arena). */
uint64_t rw_capture_json_owned(rw_capture *c, char *kind_json);

#endif
