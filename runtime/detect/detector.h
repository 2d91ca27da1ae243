/*
 * detector.h - the local race detector (runtime/detect/detector.c).
 *
 * FastTrack-style happens-before over tracked addresses only, with lock
 * sets kept for the explanation.  Shadow state is a bounded table keyed by
 * address; freed memory is forgotten.  Races go to the race table
 * (racetab.h), deduplicated per pair of source sites, and are reported at
 * exit (stderr, RACEWAY_REPORT JSON) and live if configured.  The detector
 * records no events: the hooks turn races into "race_detected" events.
 */
#ifndef RW_DETECTOR_H
#define RW_DETECTOR_H

#include <stdint.h>
#include <stddef.h>
#include "common/export.h"
#include "detect/racetab.h"
#include "detect/ranges.h"
#include "detect/shadow.h"
#include "hb/sync.h"
#include "raceway/abi.h"

/* The detector runs (RACEWAY_DETECT and a usable shadow table); fixed at
 * start. */
extern int rw_detector_on;

/* Per thread: where the detector last recorded (or found) this thread's
 * access.  A later access by the same thread to the same bytes in the same
 * epoch, no stronger (a read after a write, or the same kind again), is
 * redundant while that record is still in its shadow slot (FastTrack's
 * same-epoch case, exactly the check the shadow path makes), and is
 * skipped without hashing into the table.  A new epoch, or the slot
 * overwritten or cleared (a free), makes the memo miss.  The slot can
 * hold the memo's meta again only if this thread recorded it there, which
 * sets the memo anew: a cell given to another address after a free never
 * makes it hit. */
typedef struct rw_detector_memo {
  uintptr_t addr;               /* the access's address, 0: none        */
  rw_shadow_cell *cell;         /* its shadow cell: once the memory is
                                   freed, maybe another address's (its
                                   key is checked before reuse)         */
  _Atomic uint64_t *slot;       /* the shadow slot's meta word ...      */
  uint64_t meta;                /* ... and what it held: thread, epoch,
                                   bytes, write and atomic bits         */
  uint8_t size;
  rw_ranges_memo ranges;        /* checked escapes: the last location
                                   registered (detect/ranges.h)         */
} rw_detector_memo;

/* At start, after rw_cfg is final (lifecycle). */
void rw_detector_init(void);

/*
 * One tracked access by the thread whose clock is hb and whose memo is m
 * (hot path, from the access hooks).  seq is the access's event seq in its
 * thread, so a report can name the event.  access is an enum
 * raceway_access value (reads, writes, atomics); old/new are the value
 * bits (see site); pc is where the access is (the hook's return address,
 * kept in the shadow slot for the report's stack; NULL: unknown).  Inline:
 * the same-epoch test on the memo, about ten instructions; the check
 * against the shadow table is out of line.  1 if the check found a race
 * not known before (its race_detected event will name this access).
 */
int rw_detector_access_slow(rw_hb *hb, rw_detector_memo *m, uint64_t seq,
                            const raceway_site *site, uintptr_t addr,
                            unsigned access, uint64_t old_value,
                            uint64_t new_value, const void *pc);

/* Bytes of the 8-byte cell the access covers; an access that crosses the
 * cell or is wider than 8 bytes is checked on its first cell only. */
static inline unsigned rw_detector_byte_mask(uintptr_t addr, unsigned size) {
  unsigned off = addr & 7, room = 8 - off;
  unsigned n = size - 1 < room ? size : room;   /* size 0 wraps: room */
  return (0xffu >> (8 - n)) << off;
}

/* A recorded access `old` at least as strong as `cur`, same thread, epoch
 * and bytes, makes cur redundant. */
static inline int rw_detector_covers(uint64_t old, uint64_t cur) {
  return (old & ~3ull) == (cur & ~3ull) && rw_meta_atomic(old) == rw_meta_atomic(cur) &&
         rw_meta_write(old) >= rw_meta_write(cur);
}

/* OR'd into `access` by a tracked atomic's check, made just before the
 * operation runs: new_value is not known yet (a race found then reports
 * what the operation overwrites; rw_detector_atomic_done completes it). */
#define RW_DETECT_BEFORE_OP 0x100u
/* OR'd into `access` by a read whose write half follows in the same epoch
 * (abi.h's RACEWAY_SITE_WRITE_FOLLOWS): it is checked against the recorded
 * accesses but not recorded; the write's record stands for it. */
#define RW_DETECT_NO_RECORD 0x200u
#define RW_DETECT_FLAGS (RW_DETECT_BEFORE_OP | RW_DETECT_NO_RECORD)

static RW_ALWAYS_INLINE int rw_detector_access(rw_hb *hb, rw_detector_memo *m, uint64_t seq,
                                      const raceway_site *site, uintptr_t addr,
                                      unsigned access, uint64_t old_value,
                                      uint64_t new_value, const void *pc) {
  if (__builtin_expect(!rw_detector_on, 0))
    return 0;
  unsigned kind = access & ~RW_DETECT_FLAGS;
  int is_write = kind == RACEWAY_ACCESS_WRITE || kind >= RACEWAY_ACCESS_ATOMIC_WRITE;
  if (m->addr == addr && m->size == site->size && rw_meta_write(m->meta) >= is_write &&
      rw_meta_atomic(m->meta) == (kind >= RACEWAY_ACCESS_ATOMIC_READ) &&
      rw_meta_epoch(m->meta) == rw_vc_get(&hb->vc, hb->slot) &&
      atomic_load_explicit(m->slot, memory_order_relaxed) == m->meta)
    return 0;
  return rw_detector_access_slow(hb, m, seq, site, addr, access, old_value, new_value, pc);
}

/* A tracked atomic checked with RW_DETECT_BEFORE_OP has run: give its
 * shadow slot (the memo's, if it still holds this thread's access at
 * addr) the values it saw and left, and the race it was found in, if
 * any (raced: a race was pending after the check), its new value. */
static inline void rw_detector_atomic_done(const rw_hb *hb, const rw_detector_memo *m,
                                           uint64_t seq, uintptr_t addr, uint64_t old_value,
                                           uint64_t new_value, int raced) {
  if (!rw_detector_on)
    return;
  if (m->addr == addr && m->slot && atomic_load_explicit(m->slot, memory_order_relaxed) == m->meta)
    rw_shadow_set_values(m->slot, old_value, new_value);
  if (raced)
    rw_racetab_complete(hb->slot, seq, old_value, new_value);
}

/* Memory [addr, addr+len) was freed/unmapped: forget its shadow state. */
void rw_detector_forget(uintptr_t addr, size_t len);
/* free() of the block [addr, addr+len) by the thread whose clock is hb
 * (NULL: not a recording thread, only forget): a write of every byte, so
 * each recorded access the free is not ordered after is a race (reported
 * as a "Free" by that thread; seq: its last event, pc: free's caller);
 * then the block's shadow state is forgotten.  As cheap as
 * rw_detector_forget where nothing was tracked. */
void rw_detector_free(rw_hb *hb, uint64_t seq, const void *pc, uintptr_t addr, size_t len);
/* Forget the recorded accesses of the slots s < n with dead[s] set: their
 * threads ended, and the slots go to threads not ordered after them
 * (rt/sweep.c).  Safe while other threads record (shadow.h). */
void rw_detector_forget_threads(const uint8_t *dead, uint32_t n);
/* fork child: only the calling thread lives on; the accesses of every
 * other thread are history, not concurrency.  Forget all recorded
 * accesses and the races found so far (the parent reports them); the
 * caller clears the surviving thread's memo. */
void rw_detector_after_fork(void);

/* Number of distinct races so far. */
unsigned rw_detector_race_count(void);
/* Print the report to stderr and write RACEWAY_REPORT (once; at shutdown). */
void rw_detector_finish(void);
/* JSON report (malloc'd) or NULL. */
char *rw_detector_report_json(void);

#endif
