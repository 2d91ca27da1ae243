/*
 * detector.c - FastTrack-style happens-before race detection over tracked
 * addresses, with TSan v3's bounded slots per 8-byte cell (shadow.c).
 *
 * An earlier access races with the current one when both touch a common
 * byte, they come from different threads, at least one writes, they are
 * not both atomic, and the earlier one's epoch is not covered by the
 * current thread's clock (prev.epoch > C_t[prev.slot]).
 *
 * Hot path cost for an access already recorded in this epoch (FastTrack's
 * "same epoch", most accesses): one TLS load by the caller, a multiply and
 * one key compare to find the cell, up to four relaxed 64-bit loads.
 * Otherwise (quick_look, in registers): one pass over the four slots with a clock
 * lookup per occupied one, a seq_cst CAS to claim a slot (the only locked
 * instruction), six stores and a release store to record the access, and
 * four seq_cst loads (plain loads on x86-64) to catch a thread recording
 * at the same moment.  No lock, no allocation; a syscall only to wait
 * for a thread preempted in the middle of recording into the same cell.
 * The cell protocol is described in shadow.h.
 */
#include "detect/detector.h"

#include <execinfo.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "capture/slots.h"
#include "common/config.h"
#include "common/diag.h"
#include "detect/log.h"
#include "detect/order.h"
#include "detect/racetab.h"
#include "detect/report.h"
#include "detect/shadow.h"
#include "detect/symbolize.h"
#include "hb/lockset.h"

int rw_detector_on;
static atomic_int finished;
static atomic_uint_fast64_t untracked_threads;

void rw_detector_init(void) {
  if (!rw_cfg.pub.detect)
    return;
  int rc = rw_shadow_init(rw_cfg.pub.max_shadow);
  if (rc == -1)
    fprintf(rw_diag_err(), "Raceway: RACEWAY_MAX_SHADOW=%u is unusable; race detection is off\n",
            rw_cfg.pub.max_shadow);
  if (rc < 0)
    return;
  if (rw_cfg.stacks) {          /* the unwinder loads libgcc_s on first use: */
    void *one[1];               /* now, not inside a hook at the first race */
    backtrace(one, 1);
  }
  rw_detector_on = 1;
}

/* The details of slot s, or site NULL if a writer raced with the read. */
/* The details are read and written with relaxed atomics: two threads can
 * pick the same slot at once, and plain accesses would be a data race
 * (undefined behaviour; TSan reports it).  Same code as plain moves on
 * x86-64 and AArch64; the meta recheck still detects a changed slot. */
#define LOAD(p) __atomic_load_n(p, __ATOMIC_RELAXED)
#define STORE(p, v) __atomic_store_n(p, v, __ATOMIC_RELAXED)

/* The details of the access recorded in s as meta; 0 if torn (the slot
 * was rewritten while read: out->site is then NULL). */
static int read_slot(rw_shadow_slot *s, uint64_t meta, rw_access_info *out) {
  *out = (rw_access_info){0};
  out->site = LOAD(&s->site);
  out->seq = LOAD(&s->seq);
  out->old_value = LOAD(&s->old_value);
  out->new_value = LOAD(&s->new_value);
  out->lockset = LOAD(&s->lockset);
  out->pc = LOAD(&s->pc);
  atomic_thread_fence(memory_order_acquire);
  if (atomic_load_explicit(&s->meta, memory_order_relaxed) != meta)
    out->site = NULL;
  out->slot = rw_meta_slot(meta);
  out->is_write = (uint8_t)rw_meta_write(meta);
  out->is_atomic = (uint8_t)rw_meta_atomic(meta);
  out->size = out->site ? out->site->size : 0;
  return out->site != NULL;
}

/* Fill a slot this thread claimed (meta == RW_META_BUSY) and publish it with
 * a release store.  The claim's seq_cst CAS was the store half of the
 * Dekker check (recheck); a second locked instruction here would cost as
 * much again (perf: each was ~30% of the slow path's cycles on kvstore). */
static void write_slot(rw_shadow_slot *s, uint64_t meta, const raceway_site *site, uint64_t seq,
                       uint64_t old_value, uint64_t new_value, uint32_t lockset,
                       const void *pc) {
  STORE(&s->site, site);
  STORE(&s->seq, seq);
  STORE(&s->old_value, old_value);
  STORE(&s->new_value, new_value);
  STORE(&s->lockset, lockset);
  STORE(&s->pc, pc);
  atomic_store_explicit(&s->meta, meta, memory_order_release);
}

/* Record the race of the current access `me` of the thread whose clock is
 * hb with `prev`, made at prev_epoch; print it now if live.  Both threads
 * are named now: by the time the report is printed, either slot may hold
 * another thread. */
static void record_race(const rw_hb *hb, uintptr_t addr, const rw_access_info *me,
                        const rw_access_info *prev, uint64_t prev_epoch) {
  if (rw_racetab_seen(addr, me, prev))
    return;
  rw_access_info cur = *me, was = *prev;
  rw_slots_name_copy(cur.slot, cur.thread);
  rw_slots_name_at(was.slot, prev_epoch, was.thread);
  uintptr_t stack[RW_RACE_STACK];
  uint32_t depth =
      rw_cfg.stacks && me->pc ? rw_symbolize_unwind(me->pc, stack, RW_RACE_STACK) : 0;
  const rw_race *fresh = rw_racetab_add(addr, &cur, &was, hb->held, hb->nheld, stack, depth);
  if (fresh && rw_cfg.pub.report_live)
    rw_report_live(rw_log_file(), fresh);
}

/* Report the race of the access of the thread whose clock is hb with the
 * access recorded in slot sl (meta m). */
static void report(const rw_hb *hb, uintptr_t addr, const rw_access_info *me,
                  rw_shadow_slot *sl, uint64_t m) {
  rw_access_info prev;
  /* Torn: the slot was rewritten while read, by an access that is not
   * ordered before this one either; the re-check, or that access's own
   * (the Dekker pair, shadow.h), pairs them.  Recording this one would
   * add a race with an unknown site. */
  if (!read_slot(sl, m, &prev))
    return;
  record_race(hb, addr, me, &prev, rw_meta_epoch(m));
}

/* Remember the access now recorded in (or found covered by) slot sl,
 * whose meta word is `meta`. */
static void memo_set(rw_detector_memo *m, uintptr_t addr, unsigned size, rw_shadow_cell *cell,
                     rw_shadow_slot *sl, uint64_t meta) {
  m->addr = addr;
  m->cell = cell;
  m->slot = &sl->meta;
  m->meta = meta;
  m->size = (uint8_t)size;
}

/* The meta words of the n slots, acquire. */
static void load_metas(rw_shadow_cell *cell, rw_shadow_slot *more, int n, uint64_t *meta) {
  for (int i = 0; i < n; i++)
    meta[i] = atomic_load_explicit(&rw_shadow_slot_at(cell, more, i)->meta,
                                   memory_order_acquire);
}

/* The access being checked: what a slot records of it, and what a
 * report needs (rw_access_info, built only for a race). */
typedef struct cur_access {
  rw_hb *hb;
  const raceway_site *site;
  uintptr_t addr;
  uint64_t seq, old_value, new_value;
  const void *pc;
  uint64_t cur;                 /* its meta word */
  unsigned mask;
  int is_write, is_atomic;
  int before;                   /* checked before it ran: new_value unknown */
} cur_access;

/* Report the race of the current access with slot sl (meta m). */
static RW_NOINLINE void report_cur(const cur_access *a, rw_shadow_slot *sl, uint64_t m) {
  rw_access_info me = {a->site, a->hb->slot, a->seq, a->old_value, a->new_value,
                       rw_lockset_intern(a->hb), (uint8_t)a->is_write, (uint8_t)a->is_atomic,
                       a->site->size, 0, NULL, 0, a->pc, "", (uint8_t)a->before};
  report(a->hb, a->addr, &me, sl, m);
}

/* Report every access among the n metas that races with the current one
 * and was not checked yet (done[i]: the meta last checked at slot i).
 * Every one, not the first: each is a different earlier access, so each
 * may be a different site pair, and the first may be a pair reported
 * already (the report keeps one per pair), which would hide the others
 * (a write racing with both a read and a write of another thread). */
static void check_new(const cur_access *a, rw_shadow_cell *cell, rw_shadow_slot *more,
                     const uint64_t *meta, uint64_t *done, int n) {
  for (int i = 0; i < n; i++) {
    if (meta[i] == done[i])
      continue;
    done[i] = meta[i];
    if (rw_order_conflicts(meta[i], a->hb, a->mask, a->is_write, a->is_atomic))
      report_cur(a, rw_shadow_slot_at(cell, more, i), meta[i]);
  }
}

/* Slots [from, RW_SHADOW_ALL) of done are unchecked (an overflow just
 * seen). */
static void unchecked_from(uint64_t *done, int from) {
  for (int i = from; i < RW_SHADOW_ALL; i++)
    done[i] = 0;
}

/* Check every recorded access not checked yet (meta: the n slots as
 * loaded, acquire; reload: load them first), then claim a slot with a
 * seq_cst CAS: a thread that recorded into the slot since our check makes
 * the CAS fail, and we check again.  Bounded: a contended cell gives up
 * recording, never waits.  A cell whose slots must all stay gets its
 * overflow.  Returns the slot claimed (RW_META_BUSY) or -1; *more: the
 * overflow as last seen; *checked: the slots done[] covers. */
static int claim_slot(const cur_access *a, rw_shadow_cell *cell, rw_shadow_slot **more,
                      uint64_t *meta, uint64_t *done, int *checked, int *dropped,
                      int reload) {
  int n = *more ? RW_SHADOW_ALL : RW_SHADOW_SLOTS;
  if (n > *checked)
    unchecked_from(done, *checked);
  *checked = n;
  for (int attempt = 0; attempt < 4; attempt++) {
    if (attempt || reload)
      load_metas(cell, *more, n, meta);
    check_new(a, cell, *more, meta, done, n);
    int pick = rw_order_pick_slot(meta, n, a->cur, a->hb);
    if (pick < 0 && !*more && (*more = rw_shadow_more(cell)) != NULL) {
      n = *checked = RW_SHADOW_ALL;
      unchecked_from(done, RW_SHADOW_SLOTS);
      reload = 1;
      continue;                   /* check the overflow too, then pick */
    }
    *dropped = 0;
    if (pick < 0)
      pick = rw_order_pick_victim(meta, n, &a->hb->vc, a->seq, dropped);
    uint64_t seen = meta[pick];
    if (seen != RW_META_BUSY &&
        atomic_compare_exchange_strong_explicit(&rw_shadow_slot_at(cell, *more, pick)->meta,
                                                &seen, RW_META_BUSY, memory_order_seq_cst,
                                                memory_order_relaxed))
      return pick;
  }
  return -1;
}

/* What quick_look returns when a recorded access covers the current one. */
#define COVERED (-2)

/*
 * The first look at a cell without overflow (the common case), in one
 * pass over its slots, in registers: a recorded access that covers the
 * current one ends it (memo set, COVERED); else, when no recorded access
 * races with it and none is claimed (RW_META_BUSY), the slot
 * rw_order_pick_slot would choose is claimed (seq_cst CAS).  Returns the
 * slot claimed, COVERED, or -1: a race to report, a claimed slot, no slot,
 * or the CAS lost; nothing was changed and record_general decides as it
 * would have.  meta: the slots as loaded.
 */
static RW_ALWAYS_INLINE int quick_look(const rw_hb *hb, rw_detector_memo *memo,
                                       rw_shadow_cell *cell, uint64_t cur, uintptr_t addr,
                                       unsigned size, uint64_t *meta) {
  unsigned mask = rw_meta_mask(cur);
  int is_write = rw_meta_write(cur), is_atomic = rw_meta_atomic(cur);
  uint32_t me = hb->slot, known_n = hb->vc.n;
  const uint64_t *known = hb->vc.c;
  int pick = -1, empty = -1, other = 0;
  /* Cheapest tests first: an empty slot; this thread's own access (always
   * ordered before, the only kind that can cover: same slot and epoch);
   * a claimed one (RW_META_BUSY: thread slot 0, never ours); then one
   * clock lookup for another thread's. */
  for (int i = 0; i < RW_SHADOW_SLOTS; i++) {
    uint64_t m = atomic_load_explicit(&cell->slot[i].meta, memory_order_relaxed);
    meta[i] = m;
    if (m == 0) {
      empty = empty < 0 ? i : empty;
      continue;
    }
    uint32_t by = rw_meta_slot(m);
    if (by == me) {
      if (rw_detector_covers(m, cur)) {
        memo_set(memo, addr, size, cell, &cell->slot[i], m);
        return COVERED;
      }
    } else if (m == RW_META_BUSY) {
      other = 1;
      continue;
    } else if (rw_meta_epoch(m) > (by < known_n ? known[by] : 0)) {
      other |= rw_order_kinds_conflict(m, mask, is_write, is_atomic);
      continue;
    }
    if (pick < 0 && rw_order_covers_stronger(cur, m))   /* ordered before */
      pick = i;
  }
  if (pick < 0)
    pick = empty;
  if (other || pick < 0)
    return -1;
  uint64_t seen = meta[pick];
  if (!atomic_compare_exchange_strong_explicit(&cell->slot[pick].meta, &seen, RW_META_BUSY,
                                               memory_order_seq_cst, memory_order_relaxed))
    return -1;
  return pick;
}

/* After recording into slot s: two threads that recorded into different
 * slots at the same moment may each have checked before the other
 * recorded.  Each claimed with a seq_cst CAS, then loads seq_cst here
 * (Dekker): at least one of them sees the other's slot, published or
 * claimed (then waited for).  Only slots changed since they were checked
 * (done; the first `checked` slots) are checked again. */
static void recheck(const cur_access *a, rw_shadow_cell *cell, int s, uint64_t *done,
                    int checked) {
  rw_shadow_slot *more = atomic_load_explicit(&cell->more, memory_order_seq_cst);
  int n = more ? RW_SHADOW_ALL : RW_SHADOW_SLOTS;
  if (n > checked)
    unchecked_from(done, checked);
  uint64_t meta[RW_SHADOW_ALL];
  int changed = 0;
  for (int i = 0; i < n; i++) {
    rw_shadow_slot *sl = i < RW_SHADOW_SLOTS ? &cell->slot[i] : &more[i - RW_SHADOW_SLOTS];
    meta[i] = i == s ? done[i] : rw_shadow_load_settled(sl);
    changed |= meta[i] != done[i];
  }
  if (changed)
    check_new(a, cell, more, meta, done, n);
}

/* A cell with overflow: 1 if a recorded access covers the current one
 * (memo set); else meta: the n slots as loaded, done: none checked. */
static int covered_all(const cur_access *a, rw_detector_memo *memo, rw_shadow_cell *cell,
                       rw_shadow_slot *more, uint64_t *meta, uint64_t *done) {
  for (int i = 0; i < RW_SHADOW_ALL; i++) {
    rw_shadow_slot *sl = rw_shadow_slot_at(cell, more, i);
    meta[i] = atomic_load_explicit(&sl->meta, memory_order_relaxed);
    done[i] = 0;
    if (rw_detector_covers(meta[i], a->cur)) {
      memo_set(memo, a->addr, a->site->size, cell, sl, meta[i]);
      return 1;
    }
  }
  /* The loads above serve claim_slot's first check as acquire loads would. */
  atomic_thread_fence(memory_order_acquire);
  return 0;
}

/* recheck's common case, after quick_look claimed slot s: still no
 * overflow, and every other slot as quick_look loaded it (meta), none
 * claimed since (seq_cst loads: the load half of the Dekker pair). */
static RW_ALWAYS_INLINE int quick_settled(rw_shadow_cell *cell, int s, const uint64_t *meta) {
  if (atomic_load_explicit(&cell->more, memory_order_seq_cst))
    return 0;
  uint64_t changed = 0;
  for (int i = 0; i < RW_SHADOW_SLOTS; i++)
    if (i != s)
      changed |= atomic_load_explicit(&cell->slot[i].meta, memory_order_seq_cst) ^ meta[i];
  return changed == 0;
}

/* Record a claimed slot s (of the overflow `more` as last seen) and
 * check again the slots changed since done[] (the first `checked`). */
static void record_at(const cur_access *a, rw_detector_memo *memo, rw_shadow_cell *cell,
                      rw_shadow_slot *more, int s, uint64_t *done, int checked) {
  rw_shadow_slot *mine = rw_shadow_slot_at(cell, more, s);
  write_slot(mine, a->cur, a->site, a->seq, a->old_value, a->new_value,
             rw_lockset_intern(a->hb), a->pc);
  memo_set(memo, a->addr, a->site->size, cell, mine, a->cur);
  recheck(a, cell, s, done, checked);
}

/* Everything quick_look left: races to report, claimed slots, full cells
 * and their overflow, a lost CAS (shadow.h's protocol in full).  A cell
 * without overflow was found not covered by quick_look (only this thread
 * could have recorded a covering access since). */
static RW_NOINLINE void record_general(const cur_access *a, rw_detector_memo *memo,
                                       rw_shadow_cell *cell, rw_shadow_slot *more) {
  uint64_t meta[RW_SHADOW_ALL], done[RW_SHADOW_ALL];
  int dropped = 0, checked = 0, s;
  if (more) {
    if (covered_all(a, memo, cell, more, meta, done))
      return;
    checked = RW_SHADOW_ALL;
  }
  s = claim_slot(a, cell, &more, meta, done, &checked, &dropped, !more);
  if (s < 0)
    return;
  if (dropped)
    rw_shadow_note_lost(cell, a->addr, a->site);
  record_at(a, memo, cell, more, s, done, checked);
}

/* quick_look's slot s is recorded, and the other slots changed since it
 * loaded meta: check them as the general path does. */
static RW_NOINLINE void recheck_changed(const cur_access *a, rw_shadow_cell *cell, int s,
                                        const uint64_t *meta) {
  uint64_t done[RW_SHADOW_ALL];
  for (int i = 0; i < RW_SHADOW_SLOTS; i++)
    done[i] = meta[i];
  recheck(a, cell, s, done, RW_SHADOW_SLOTS);
}

/* Everything but quick_look's common case, out of line: only the meta
 * word is live across the quick path (its mask and kinds are taken from
 * it here), so that path keeps its values in registers. */
static RW_NOINLINE void access_general(rw_hb *hb, rw_detector_memo *memo, rw_shadow_cell *cell,
                                       uint64_t cur, uint64_t seq, const raceway_site *site,
                                       uintptr_t addr, uint64_t old_value, uint64_t new_value,
                                       const void *pc, int s, const uint64_t *meta,
                                       int before) {
  cur_access a = {hb,  site, addr, seq, old_value, new_value, pc, cur, rw_meta_mask(cur),
                  rw_meta_write(cur), rw_meta_atomic(cur), before};
  if (s >= 0)
    recheck_changed(&a, cell, s, meta);
  else
    record_general(&a, memo, cell, atomic_load_explicit(&cell->more, memory_order_acquire));
}

/* A read whose write half follows in the same epoch (RW_DETECT_NO_RECORD):
 * the races its record would have shown now are reported, and nothing is
 * recorded (no claim, no slot written): the write's record supersedes a
 * read's, so it stands for both.  An access another thread records between
 * the two halves is paired with the write only.  The memo keeps the cell
 * for the write, with a meta word no slot holds. */
static RW_ALWAYS_INLINE void check_only(const cur_access *a, rw_detector_memo *memo,
                                        rw_shadow_cell *cell) {
  static _Atomic uint64_t never = RW_META_BUSY;
  rw_shadow_slot *more = atomic_load_explicit(&cell->more, memory_order_acquire);
  int n = more ? RW_SHADOW_ALL : RW_SHADOW_SLOTS;
  for (int i = 0; i < n; i++) {
    rw_shadow_slot *sl = rw_shadow_slot_at(cell, more, i);
    uint64_t m = atomic_load_explicit(&sl->meta, memory_order_acquire);
    if (rw_order_conflicts(m, a->hb, a->mask, 0, 0))
      report_cur(a, sl, m);
  }
  memo->addr = a->addr;
  memo->cell = cell;
  memo->slot = &never;
  memo->meta = 0;
}

RW_NOINLINE int
rw_detector_access_slow(rw_hb *hb, rw_detector_memo *memo, uint64_t seq,
                        const raceway_site *site, uintptr_t addr, unsigned access,
                        uint64_t old_value, uint64_t new_value, const void *pc) {
  int before = (access & RW_DETECT_BEFORE_OP) != 0;
  int no_record = (access & RW_DETECT_NO_RECORD) != 0;
  access &= ~RW_DETECT_FLAGS;
  if (access > RACEWAY_ACCESS_ATOMIC_RMW)   /* rw_detector_on: tested inline */
    return 0;
  uint64_t epoch = rw_vc_get(&hb->vc, hb->slot);
  if (hb->slot > RW_META_MAX_SLOT || epoch > RW_META_MAX_EPOCH) {
    atomic_fetch_add_explicit(&untracked_threads, 1, memory_order_relaxed);
    return 0;
  }
  /* The meta word's two low bits (atomic, write) of each access kind, two
   * bits per kind: read 00, write 01, atomic read 10, atomic write and
   * RMW 11. */
  _Static_assert(RACEWAY_ACCESS_READ == 0 && RACEWAY_ACCESS_WRITE == 1 &&
                     RACEWAY_ACCESS_ATOMIC_READ == 2 && RACEWAY_ACCESS_ATOMIC_WRITE == 3 &&
                     RACEWAY_ACCESS_ATOMIC_RMW == 4,
                 "the kind table follows enum raceway_access");
  unsigned kind = (0x3e4u >> (2 * access)) & 3;
  uint64_t cur = rw_meta_make(hb->slot, epoch, rw_detector_byte_mask(addr, site->size), kind & 1,
                              kind >> 1);

  /* The same 8 bytes as the memo's access: the same cell, no lookup,
   * if it still has their key (freed, it can go to another address).
   * Another location: with checked escapes, register it (here, off the
   * hooks' fast path, which a repeated access never leaves). */
  rw_shadow_cell *cell = memo->cell;
  if (!cell || ((memo->addr ^ addr) >> 3) != 0 ||
      atomic_load_explicit(&cell->key, memory_order_relaxed) != (addr >> 3) + 1) {
    cell = rw_shadow_find(addr);
    rw_ranges_note(site, addr, &memo->ranges);
    if (!cell)
      return 0;
  }
  if (no_record) {
    uint32_t found = rw_racetab_found;
    cur_access a = {hb,  site, addr, seq, old_value, new_value, pc, cur, rw_meta_mask(cur),
                    0, 0, 0};
    check_only(&a, memo, cell);
    return rw_racetab_found != found;
  }
  int s = -1;
  uint64_t meta[RW_SHADOW_SLOTS];
  if (RW_LIKELY(!atomic_load_explicit(&cell->more, memory_order_acquire))) {
    s = quick_look(hb, memo, cell, cur, addr, site->size, meta);
    if (s == COVERED)
      return 0;
    if (s >= 0) {
      rw_shadow_slot *mine = &cell->slot[s];
      write_slot(mine, cur, site, seq, old_value, new_value, rw_lockset_intern(hb), pc);
      memo_set(memo, addr, site->size, cell, mine, cur);
      if (quick_settled(cell, s, meta))
        return 0;
    }
  }
  uint32_t found = rw_racetab_found;   /* races are found on the general path only */
  access_general(hb, memo, cell, cur, seq, site, addr, old_value, new_value, pc, s, meta,
                 before);
  return rw_racetab_found != found;
}

/* ---- free(): a write of the whole block by the freeing thread ---- */

typedef struct free_check {
  rw_hb *hb;
  rw_access_info me;
} free_check;

static void free_visit(rw_shadow_cell *cell, uintptr_t cell_addr, void *ctx) {
  free_check *fc = ctx;
  rw_shadow_slot *more = atomic_load_explicit(&cell->more, memory_order_acquire);
  int n = more ? RW_SHADOW_ALL : RW_SHADOW_SLOTS;
  for (int i = 0; i < n; i++) {
    rw_shadow_slot *sl = rw_shadow_slot_at(cell, more, i);
    uint64_t m = atomic_load_explicit(&sl->meta, memory_order_acquire);
    if (!rw_order_conflicts(m, fc->hb, 0xff, 1, 0))
      continue;
    rw_access_info prev;
    if (!read_slot(sl, m, &prev))
      continue;                   /* torn: rewritten since */
    /* The variable is the freed access's: its site names the side of the
     * free for the label; is_free marks it. */
    uintptr_t addr = cell_addr + (uintptr_t)__builtin_ctz(rw_meta_mask(m));
    rw_access_info me = fc->me;
    me.site = prev.site;
    record_race(fc->hb, addr, &me, &prev, rw_meta_epoch(m));
  }
}

void rw_detector_free(rw_hb *hb, uint64_t seq, const void *pc, uintptr_t addr,
                      size_t len) {
  if (!rw_detector_on)
    return;
  if (!hb || hb->slot > RW_META_MAX_SLOT) {
    rw_shadow_forget(addr, len, NULL, NULL);
    return;
  }
  free_check fc = {hb, {0}};
  fc.me.slot = hb->slot;
  fc.me.seq = seq;
  fc.me.lockset = rw_lockset_intern(hb);
  fc.me.is_write = 1;
  fc.me.size = 8;
  fc.me.is_free = 1;
  fc.me.free_pc = pc;
  fc.me.pc = pc;
  fc.me.free_len = len;
  rw_shadow_forget(addr, len, free_visit, &fc);
}

void rw_detector_after_fork(void) {
  rw_log_after_fork();
  rw_racetab_after_fork();
  if (!rw_detector_on)
    return;
  rw_racetab_reset();
  rw_shadow_reset();
  if (rw_shadow_init(rw_cfg.pub.max_shadow) < 0)
    rw_detector_on = 0;
  atomic_store(&untracked_threads, 0);
}

void rw_detector_forget(uintptr_t addr, size_t len) {
  if (rw_detector_on)
    rw_shadow_forget(addr, len, NULL, NULL);
}

void rw_detector_forget_threads(const uint8_t *dead, uint32_t n) {
  if (rw_detector_on)
    rw_shadow_forget_slots(dead, n);
}

unsigned rw_detector_race_count(void) {
  return rw_racetab_count();
}

void rw_detector_finish(void) {
  if (!rw_detector_on || atomic_exchange(&finished, 1))
    return;
  FILE *log = rw_log_file();
  rw_report_print(log);
  rw_report_print_shadow(log);
  if (rw_cfg.pub.report_path)
    rw_report_write_json();
}

char *rw_detector_report_json(void) {
  return rw_report_json();
}
