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
 * Otherwise: four acquire loads and one clock lookup per occupied slot,
 * a CAS to claim a slot, five stores and a release store to record the
 * access, a full fence and four more loads to catch a thread recording at
 * the same moment.  No lock, no allocation, no syscall.
 */
#include "detect/detector.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/config.h"
#include "detect/racetab.h"
#include "detect/report.h"
#include "detect/shadow.h"
#include "hb/lockset.h"

int rw_detector_on;
static atomic_int finished;
static atomic_uint_fast64_t untracked_threads;

void rw_detector_init(void) {
  if (!rw_cfg.pub.detect)
    return;
  int rc = rw_shadow_init(rw_cfg.pub.max_shadow);
  if (rc == -1)
    fprintf(stderr, "Raceway: RACEWAY_MAX_SHADOW=%u is unusable; race detection is off\n",
            rw_cfg.pub.max_shadow);
  if (rc < 0)
    return;
  rw_detector_on = 1;
}

/* The details of slot s, or site NULL if a writer raced with the read. */
/* The details are read and written with relaxed atomics: two threads can
 * pick the same slot at once, and plain accesses would be a data race
 * (undefined behaviour; TSan reports it).  Same code as plain moves on
 * x86-64 and AArch64; the meta recheck still detects a changed slot. */
#define LOAD(p) __atomic_load_n(p, __ATOMIC_RELAXED)
#define STORE(p, v) __atomic_store_n(p, v, __ATOMIC_RELAXED)

static void read_slot(rw_shadow_slot *s, uint64_t meta, rw_access_info *out) {
  out->site = LOAD(&s->site);
  out->seq = LOAD(&s->seq);
  out->old_value = LOAD(&s->old_value);
  out->new_value = LOAD(&s->new_value);
  out->lockset = LOAD(&s->lockset);
  atomic_thread_fence(memory_order_acquire);
  if (atomic_load_explicit(&s->meta, memory_order_relaxed) != meta)
    out->site = NULL;
  out->slot = rw_meta_slot(meta);
  out->is_write = (uint8_t)rw_meta_write(meta);
  out->is_atomic = (uint8_t)rw_meta_atomic(meta);
  out->size = out->site ? out->site->size : 0;
}

/* A slot claimed by a thread that is writing it: mask 0, so it conflicts
 * with nothing and is never picked. */
#define META_BUSY 1u

/* Fill a slot this thread claimed (meta == META_BUSY), then publish it. */
static void write_slot(rw_shadow_slot *s, uint64_t meta, const rw_access_info *a) {
  STORE(&s->site, a->site);
  STORE(&s->seq, a->seq);
  STORE(&s->old_value, a->old_value);
  STORE(&s->new_value, a->new_value);
  STORE(&s->lockset, a->lockset);
  atomic_store_explicit(&s->meta, meta, memory_order_release);
}

/* 1 if the recorded access m races with the current access of t. */
static int conflicts(uint64_t m, const rw_hb *hb, unsigned mask, int is_write,
                     int is_atomic) {
  if (m == 0 || !(rw_meta_mask(m) & mask) || rw_meta_slot(m) == hb->slot)
    return 0;
  if (!is_write && !rw_meta_write(m))
    return 0;
  if (is_atomic && rw_meta_atomic(m))
    return 0;
  return rw_meta_epoch(m) > rw_vc_get(&hb->vc, rw_meta_slot(m));
}

/* Where to record: this thread's own slot for the same bytes, an empty
 * slot, a slot the current write supersedes, else a pseudo-random one. */
static int pick_slot(const uint64_t *meta, uint64_t cur, const rw_vc *vc, uint64_t seq) {
  int empty = -1, superseded = -1;
  for (int i = 0; i < RW_SHADOW_SLOTS; i++) {
    uint64_t m = meta[i];
    if (m == META_BUSY)
      continue;
    if (m == 0) {
      if (empty < 0)
        empty = i;
      continue;
    }
    int same_bytes = rw_meta_mask(m) == rw_meta_mask(cur);
    if (same_bytes && rw_meta_slot(m) == rw_meta_slot(cur) &&
        rw_meta_atomic(m) == rw_meta_atomic(cur) && rw_meta_write(cur) >= rw_meta_write(m))
      return i;
    /* A plain write ordered after m hides it: anything racing with m
     * also races with this write. */
    if (superseded < 0 && rw_meta_write(cur) && !rw_meta_atomic(cur) &&
        (rw_meta_mask(m) & ~rw_meta_mask(cur)) == 0 &&
        rw_meta_epoch(m) <= rw_vc_get(vc, rw_meta_slot(m)))
      superseded = i;
  }
  if (empty >= 0)
    return empty;
  if (superseded >= 0)
    return superseded;
  return (int)(seq % RW_SHADOW_SLOTS);
}

/* Report the race with the access recorded in slot sl (meta m); 1. */
static int report(uintptr_t addr, const rw_access_info *me, rw_shadow_slot *sl,
                  uint64_t m) {
  rw_access_info prev;
  read_slot(sl, m, &prev);
  const rw_race *fresh = rw_racetab_add(addr, me, &prev);
  if (fresh && rw_cfg.pub.report_live)
    rw_report_print_race(stderr, fresh);
  return 1;
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

RW_NOINLINE void
rw_detector_access_slow(rw_hb *hb, rw_detector_memo *memo, uint64_t seq,
                        const raceway_site *site, uintptr_t addr, unsigned access,
                        uint64_t old_value, uint64_t new_value) {
  if (!rw_detector_on || access > RACEWAY_ACCESS_ATOMIC_RMW)
    return;
  uint64_t epoch = rw_vc_get(&hb->vc, hb->slot);
  if (hb->slot > RW_META_MAX_SLOT || epoch > RW_META_MAX_EPOCH) {
    atomic_fetch_add_explicit(&untracked_threads, 1, memory_order_relaxed);
    return;
  }
  int is_write = access == RACEWAY_ACCESS_WRITE || access == RACEWAY_ACCESS_ATOMIC_WRITE ||
                 access == RACEWAY_ACCESS_ATOMIC_RMW;
  int is_atomic = access >= RACEWAY_ACCESS_ATOMIC_READ;
  unsigned mask = rw_detector_byte_mask(addr, site->size);
  uint64_t cur = rw_meta_make(hb->slot, epoch, mask, is_write, is_atomic);

  /* The same 8 bytes as the memo's access: the same cell, no lookup. */
  rw_shadow_cell *cell = memo->cell && (memo->addr >> 3) == (addr >> 3)
                             ? memo->cell : rw_shadow_get(addr, 1);
  if (!cell)
    return;
  uint64_t meta[RW_SHADOW_SLOTS];
  for (int i = 0; i < RW_SHADOW_SLOTS; i++) {
    meta[i] = atomic_load_explicit(&cell->slot[i].meta, memory_order_relaxed);
    if (rw_detector_covers(meta[i], cur)) {
      memo_set(memo, addr, site->size, cell, &cell->slot[i], meta[i]);
      return;
    }
  }

  rw_access_info me = {site, hb->slot, seq, old_value, new_value,
                       rw_lockset_intern(hb), (uint8_t)is_write, (uint8_t)is_atomic,
                       site->size};
  /* Check every recorded access, then claim a slot with a CAS: a thread
   * that recorded into the slot since our check makes the CAS fail, and we
   * check again.  Bounded: a contended cell gives up recording, never
   * waits. */
  int raced = 0, s = -1;
  for (int attempt = 0; attempt < 3 && s < 0; attempt++) {
    for (int i = 0; i < RW_SHADOW_SLOTS; i++) {
      uint64_t m = atomic_load_explicit(&cell->slot[i].meta, memory_order_acquire);
      meta[i] = m;
      if (!raced && conflicts(m, hb, mask, is_write, is_atomic))
        raced = report(addr, &me, &cell->slot[i], m);
    }
    int pick = pick_slot(meta, cur, &hb->vc, seq);
    uint64_t seen = meta[pick];
    if (seen != META_BUSY &&
        atomic_compare_exchange_strong_explicit(&cell->slot[pick].meta, &seen, META_BUSY,
                                                memory_order_acquire, memory_order_relaxed))
      s = pick;
  }
  if (s < 0)
    return;
  write_slot(&cell->slot[s], cur, &me);
  memo_set(memo, addr, site->size, cell, &cell->slot[s], cur);
  /* Two threads that recorded into different slots at the same moment may
   * each have checked before the other recorded.  Store, full fence, load
   * (Dekker): at least one of them sees the other now.  Only on this path,
   * not on the same-epoch exit above. */
  atomic_thread_fence(memory_order_seq_cst);
  for (int i = 0; i < RW_SHADOW_SLOTS && !raced; i++) {
    uint64_t m = i == s ? 0 : atomic_load_explicit(&cell->slot[i].meta, memory_order_acquire);
    if (conflicts(m, hb, mask, is_write, is_atomic))
      raced = report(addr, &me, &cell->slot[i], m);
  }
}

void rw_detector_forget(uintptr_t addr, size_t len) {
  if (rw_detector_on)
    rw_shadow_forget(addr, len);
}

unsigned rw_detector_race_count(void) {
  return rw_racetab_count();
}

static void write_json_report(const char *path) {
  char *json = rw_report_json();
  FILE *f = json ? fopen(path, "w") : NULL;
  int ok = f != NULL && fputs(json, f) >= 0;
  if (f && fclose(f) != 0)
    ok = 0;
  if (!ok)
    fprintf(stderr, "Raceway: cannot write the race report to %s\n", path);
  free(json);
}

void rw_detector_finish(void) {
  if (!rw_detector_on || atomic_exchange(&finished, 1))
    return;
  rw_report_print(stderr);
  rw_shadow_stats st;
  rw_shadow_get_stats(&st);
  if (st.untracked)
    fprintf(stderr, "Raceway: %llu accesses to new addresses were not checked "
                    "(shadow table full at %zu addresses)\n",
            (unsigned long long)st.untracked, st.capacity);
  if (rw_cfg.pub.report_path)
    write_json_report(rw_cfg.pub.report_path);
}

char *rw_detector_report_json(void) {
  return rw_report_json();
}
