/*
 * hooks.c - the __raceway_* hooks that instrumented code calls
 * (include/raceway/abi.h, exported; no header of their own): detector
 * first, then the event, then the race_detected events of races the
 * detector found.
 */
#include <stdatomic.h>

#include "capture/capture.h"
#include "common/config.h"
#include "common/export.h"
#include "detect/detector.h"
#include "detect/racetab.h"
#include "detect/ranges.h"
#include "hb/sync.h"
#include "rt/lifecycle.h"
#include "rt/race_events.h"

/* The event of an access whose check found a race: a critical record
 * (capture/ring.h), which a ring the application keeps full still has
 * room for, since the race's event names it. */
static RW_NOINLINE void capture_raced(rw_thread *t, const raceway_site *site, uintptr_t addr,
                                      uint64_t old_value, uint64_t new_value, int has_old) {
  rw_capture_access(&t->cap, site, addr, old_value, new_value, has_old, RW_RING_CRITICAL);
  rw_race_events_emit_found(t);
}

/* Detector, then the access's own event, then any race it found.  pc: the
 * hook's return address, the instrumented code's pc (only used on the
 * detector's slow path). */
static RW_ALWAYS_INLINE void record_access(rw_thread *t, const raceway_site *site, uintptr_t addr,
                                 unsigned access, uint64_t old_value, uint64_t new_value,
                                 int has_old, const void *pc) {
  rw_sync_note_access();
  rw_capture_settle(&t->cap);   /* the detector reads held locks and seq */
  if (RW_UNLIKELY(rw_detector_access(&t->hb, &t->memo, rw_capture_next_seq(&t->cap), site,
                                     addr, access, old_value, new_value, pc)))
    capture_raced(t, site, addr, old_value, new_value, has_old);
  else
    rw_capture_access(&t->cap, site, addr, old_value, new_value, has_old, RW_RING_DATA);
  if (RW_UNLIKELY(rw_racetab_pending()))
    rw_race_events_emit(t, 0);
}

/* The state of the calling thread if it should be recorded, else NULL:
 * runtime-internal threads, hooks re-entered from inside the runtime and a
 * disabled runtime all return at once.  On success the thread is marked
 * in_runtime until hook_leave: a signal handler that interrupts the
 * runtime on this thread (and touches tracked state) then passes straight
 * through instead of re-entering the ring or a runtime lock this thread
 * already holds, which would corrupt the one or deadlock on the other.
 * So do the hooks of an OpenMP reduction's combining step (quiet).
 * Its accesses in that window are not recorded, only counted (`records`:
 * the hook would have produced an event). */
static RW_NOINLINE rw_thread *hook_enter_slow(int records) {
  rw_thread *t = rw_lifecycle_thread();
  if (!t || (t->ignore | t->in_runtime | t->quiet) || !rw_cfg.pub.enabled) {
    /* An event lost to re-entry is still accounted (produced + dropped);
     * a lock-free add on this thread's own ring is signal-safe. */
    if (records && t && t->in_runtime && !t->ignore && t->cap.ring)
      atomic_fetch_add_explicit(&t->cap.ring->reentered, 1, memory_order_relaxed);
    return 0;
  }
  t->in_runtime = 1;
  atomic_signal_fence(memory_order_seq_cst);   /* compiler-only ordering */
  return t;
}

/* rw_self is never NULL: a thread with no record yet points at
 * rw_thread_none, which is ignored, so the slow path registers it. */
static inline rw_thread *hook_enter(int records) {
  rw_thread *t = rw_self;
  if (RW_UNLIKELY((t->ignore | t->in_runtime | t->quiet) || !rw_cfg.pub.enabled))
    return hook_enter_slow(records);
  t->in_runtime = 1;
  atomic_signal_fence(memory_order_seq_cst);   /* compiler-only ordering */
  return t;
}

static inline void hook_leave(rw_thread *t) {
  atomic_signal_fence(memory_order_seq_cst);
  t->in_runtime = 0;
}

/* The bits at addr before a store (what the store will overwrite), read
 * with a relaxed atomic load so the read itself is not a data race. */
static inline int load_old(const raceway_site *s, const void *addr,
                           uint64_t *out) {
  switch (s->size) {
  case 1: *out = __atomic_load_n((const uint8_t *)addr, __ATOMIC_RELAXED); return 1;
  case 2: *out = __atomic_load_n((const uint16_t *)addr, __ATOMIC_RELAXED); return 1;
  case 4: *out = __atomic_load_n((const uint32_t *)addr, __ATOMIC_RELAXED); return 1;
  case 8: *out = __atomic_load_n((const uint64_t *)addr, __ATOMIC_RELAXED); return 1;
  default: *out = 0; return 0;
  }
}

RW_EXPORT void __raceway_read(const raceway_site *site, const void *addr,
                              uint64_t value) {
  rw_thread *t = hook_enter(1);
  if (!t)
    return;
  /* The read half of x++ is checked; its write half records both. */
  unsigned no_record = site->flags & RACEWAY_SITE_WRITE_FOLLOWS ? RW_DETECT_NO_RECORD : 0;
  record_access(t, site, (uintptr_t)addr, RACEWAY_ACCESS_READ | no_record, value, value, 0,
                __builtin_return_address(0));
  hook_leave(t);
}

/* A plain write: what it overwrites, then the access (pc: the hook's
 * caller). */
static RW_ALWAYS_INLINE void record_write(rw_thread *t, const raceway_site *site, void *addr,
                                          uint64_t value, const void *pc) {
  uint64_t old = 0;
  int has_old = load_old(site, addr, &old);
  record_access(t, site, (uintptr_t)addr, RACEWAY_ACCESS_WRITE, old, value, has_old, pc);
}

RW_EXPORT void __raceway_write(const raceway_site *site, void *addr,
                               uint64_t value) {
  rw_thread *t = hook_enter(1);
  if (!t)
    return;
  record_write(t, site, addr, value, __builtin_return_address(0));
  hook_leave(t);
}

/* Checked escapes (abi.h): reached only when the address's filter byte
 * is set; recorded as above, under the name of the range that holds the
 * address, if one does.  The lookup is lock-free and needs no thread
 * state, so it comes first: an untracked address on a tracked page costs
 * a call and a search, nothing more. */
static RW_ALWAYS_INLINE rw_thread *checked_enter(const raceway_site *site, uintptr_t addr,
                                                 const raceway_site **named) {
  uintptr_t base = 0;
  const raceway_site *name = rw_ranges_find(addr, &base);
  if (!name)
    return 0;
  rw_thread *t = hook_enter(1);
  if (!t)
    return 0;
  *named = rw_ranges_site(site, name, base, addr);
  if (!*named) {
    hook_leave(t);
    return 0;
  }
  return t;
}

RW_EXPORT void __raceway_checked_read(const raceway_site *site, const void *addr,
                                      uint64_t value) {
  const raceway_site *named;
  rw_thread *t = checked_enter(site, (uintptr_t)addr, &named);
  if (!t)
    return;
  record_access(t, named, (uintptr_t)addr, RACEWAY_ACCESS_READ, value, value, 0,
                __builtin_return_address(0));
  hook_leave(t);
}

RW_EXPORT void __raceway_checked_write(const raceway_site *site, void *addr,
                                       uint64_t value) {
  const raceway_site *named;
  rw_thread *t = checked_enter(site, (uintptr_t)addr, &named);
  if (!t)
    return;
  record_write(t, named, addr, value, __builtin_return_address(0));
  hook_leave(t);
}

/* The order the sync layer gets for both halves: a pure store ends other
 * threads' release sequences (an RMW continues them) and has no acquire
 * half, even when seq_cst. */
static inline int sync_order(const raceway_site *site) {
  return site->order | (site->access == RACEWAY_ACCESS_ATOMIC_WRITE ? RW_SYNC_STORE : 0);
}

/* The detector's kind of an atomic site: cmpxchg counts as an RMW. */
static inline unsigned atomic_kind(const raceway_site *site) {
  return site->access <= RACEWAY_ACCESS_ATOMIC_RMW ? site->access : RACEWAY_ACCESS_ATOMIC_RMW;
}

/* A tracked atomic that writes and releases, just before it runs:
 * checked as an access first, then its release half, both in the
 * thread's current epoch, which the release publishes; post ticks.  So a
 * thread that reads the value and acquires finds the access ordered
 * before it even if it acts before this thread's post (refcount 2 -> 1
 * here, 1 -> 0 and free() there), as TSan checks an atomic before
 * performing it.  Its new value is not known yet: a race found here gets
 * it in post.  (A relaxed one publishes no epoch of this thread's: it is
 * checked after it ran, with its values.) */
static RW_NOINLINE void atomic_pre_tracked(rw_thread *t, const raceway_site *site, void *addr,
                                           const void *pc) {
  rw_sync_note_access();        /* edges start now: this release counts */
  rw_capture_settle(&t->cap);
  t->atomic_has_old = (uint8_t)load_old(site, addr, &t->atomic_old);
  t->atomic_raced = (uint8_t)rw_detector_access(&t->hb, &t->memo, rw_capture_next_seq(&t->cap),
                                                site, (uintptr_t)addr,
                                                atomic_kind(site) | RW_DETECT_BEFORE_OP,
                                                t->atomic_old, t->atomic_old, pc);
  t->atomic_tick = (uint8_t)rw_sync_atomic_release(&t->hb, (uintptr_t)addr,
                                                   sync_order(site) | RW_SYNC_HOLD_TICK);
  t->atomic_addr = (uintptr_t)addr;
}

RW_EXPORT void __raceway_atomic_pre(const raceway_site *site, void *addr) {
  /* A pure load has no release half, even when seq_cst, and is checked
   * after it ran, with its value: nothing to do. */
  if (site->access == RACEWAY_ACCESS_ATOMIC_READ)
    return;
  rw_thread *t = hook_enter(0);
  if (!t)
    return;
  if ((site->flags & RACEWAY_SITE_TRACKED) && rw_sync_order_releases(site->order)) {
    atomic_pre_tracked(t, site, addr, __builtin_return_address(0));
  } else {
    rw_sync_atomic_release(&t->hb, (uintptr_t)addr, sync_order(site));
    /* A store's IR result is nothing: read what it will overwrite now. */
    if ((site->flags & RACEWAY_SITE_TRACKED) && site->access == RACEWAY_ACCESS_ATOMIC_WRITE)
      t->atomic_has_old = (uint8_t)load_old(site, addr, &t->atomic_old);
  }
  hook_leave(t);
}

/* Whether the atomic has a "before" value, and which: a load none
 * (null), a store what __raceway_atomic_pre read (its IR result is
 * nothing), an RMW or cmpxchg the one it returned. */
static inline int atomic_old(rw_thread *t, const raceway_site *site, uint64_t *old) {
  if (site->access == RACEWAY_ACCESS_ATOMIC_WRITE) {
    int has_old = t->atomic_has_old;
    *old = t->atomic_old;
    t->atomic_has_old = 0;       /* used once: a missed pre hook leaves none */
    return has_old;
  }
  return site->access != RACEWAY_ACCESS_ATOMIC_READ;
}

/* The rest of a write checked by atomic_pre_tracked: its edge, its values
 * to the detector, its event (in the epoch it was checked in), then the
 * tick its release owes.  A failed cmpxchg (site: its read) stays
 * checked as the write TSan also takes every compare-exchange for. */
static void atomic_post_checked(rw_thread *t, const raceway_site *site, uintptr_t addr,
                                uint64_t old_value, uint64_t new_value) {
  t->atomic_addr = 0;
  rw_sync_atomic_acquire(&t->hb, addr, sync_order(site));
  int has_old = atomic_old(t, site, &old_value);
  rw_capture_settle(&t->cap);
  rw_detector_atomic_done(&t->hb, &t->memo, rw_capture_next_seq(&t->cap), addr, old_value,
                          new_value, t->atomic_raced);
  if (t->atomic_raced)
    capture_raced(t, site, addr, old_value, new_value, has_old);
  else
    rw_capture_access(&t->cap, site, addr, old_value, new_value, has_old, RW_RING_DATA);
  if (t->atomic_tick)
    rw_sync_tick(&t->hb);
  if (RW_UNLIKELY(rw_racetab_pending()))
    rw_race_events_emit(t, 0);
}

/* An atomic on tracked state: its edge, then its event (pc: the hook's
 * caller); a write was checked before it ran. */
static RW_NOINLINE void atomic_post_tracked(const raceway_site *site, void *addr,
                                           uint64_t old_value, uint64_t new_value,
                                           const void *pc) {
  rw_thread *t = hook_enter(1);
  if (!t)
    return;
  if (t->atomic_addr == (uintptr_t)addr) {
    atomic_post_checked(t, site, (uintptr_t)addr, old_value, new_value);
    hook_leave(t);
    return;
  }
  rw_sync_atomic_acquire(&t->hb, (uintptr_t)addr, sync_order(site));
  int has_old = atomic_old(t, site, &old_value);
  record_access(t, site, (uintptr_t)addr, atomic_kind(site), old_value, new_value, has_old, pc);
  hook_leave(t);
}

/* Out of line for tracked state, so that an atomic elsewhere (a flag, a
 * queue index) pays only for its edge: one load when nothing changed, and
 * nothing after a pure store (its release half was __raceway_atomic_pre). */
RW_EXPORT void __raceway_atomic_post(const raceway_site *site, void *addr,
                                     uint64_t old_value, uint64_t new_value) {
  if (site->flags & RACEWAY_SITE_TRACKED) {
    atomic_post_tracked(site, addr, old_value, new_value, __builtin_return_address(0));
    return;
  }
  int order = site->order;       /* read once: hook_enter fences the compiler */
  if (site->access == RACEWAY_ACCESS_ATOMIC_WRITE)
    return;
  rw_thread *t = hook_enter(0);
  if (!t)
    return;
  rw_sync_atomic_acquire(&t->hb, (uintptr_t)addr, order);
  hook_leave(t);
}

RW_EXPORT void __raceway_fence(const raceway_site *site) {
  rw_thread *t = hook_enter(site->flags & RACEWAY_SITE_TRACKED);
  if (!t)
    return;
  rw_sync_fence(&t->hb, site->order);
  if (site->flags & RACEWAY_SITE_TRACKED)
    rw_capture_fence(&t->cap, site);
  hook_leave(t);
}

RW_EXPORT void __raceway_callsite(const raceway_site *site) {
  rw_thread *t = rw_self;   /* the sentinels are ignored: not written */
  if (RW_LIKELY(!t->ignore))
    rw_thread_set_site(t, site);
}

RW_EXPORT void __raceway_func_entry(const raceway_func_site *f,
                                   const uint64_t *args) {
  rw_thread *t = hook_enter(1);
  if (!t)
    return;
  t->cap.span_depth++;
  rw_capture_func(&t->cap, f, args);
  hook_leave(t);
}

RW_EXPORT void __raceway_func_exit(const raceway_func_site *f) {
  rw_thread *t = hook_enter(0);
  if (!t)
    return;
  if (t->cap.span_depth)
    t->cap.span_depth--;
  hook_leave(t);
}
