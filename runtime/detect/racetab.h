/*
 * racetab.h - the races found so far (runtime/detect/racetab.c).
 *
 * A race is an unordered pair of source sites on one object: the same two
 * lines racing on alice.balance and on bob.balance are two races, and a
 * racy loop that hits one pair a million times is one race with a count.
 * Records live until exit (or rw_racetab_reset) and, apart from `count`,
 * never change once added, so a pointer to one may be kept.  Bounded: past
 * RW_RACETAB_MAX distinct races, further ones are counted, not kept.
 */
#ifndef RW_RACETAB_H
#define RW_RACETAB_H

#include <stdatomic.h>
#include <stdint.h>

#include "hb/sync.h"
#include "raceway/abi.h"

#define RW_RACETAB_MAX 4096
#define RW_RACE_NAME_LEN 192

/* One side of a race, as the shadow slot (or the current access) saw it.
 * site is NULL when the slot's details were torn by a concurrent write. */
typedef struct rw_access_info {
  const raceway_site *site;
  uint32_t slot;               /* thread slot */
  uint64_t seq;                /* event seq in that thread */
  uint64_t old_value, new_value;
  uint32_t lockset;            /* hb/lockset.h id */
  uint8_t is_write, is_atomic, size;
  uint8_t is_free;             /* a free() of the block: site is the other
                                  side's (it names the variable), free_pc
                                  is free's caller, free_len the block's
                                  size */
  const void *free_pc;
  uint64_t free_len;
  const void *pc;              /* the access's return address into the
                                  program (its hook's caller), or NULL */
  char thread[24];             /* its thread's name, taken when the race
                                  is recorded (the slot may be reused
                                  later); "" if older than the slot's
                                  history (rw_slots_name_at) */
  uint8_t new_unknown;         /* an atomic checked before it ran: new_value
                                  not known (yet: rw_racetab_complete) */
} rw_access_info;

/* Frames kept of the current access's call stack. */
#define RW_RACE_STACK 16

/* The locks one side of a race held, copied when the race was found: the
 * current access's from its thread's held list, the previous one's from
 * the lock-set id in its shadow slot.  unknown: held, but the lock-set
 * table was refused memory for that set (RACEWAY_MAX_MEMORY). */
typedef struct rw_race_locks {
  uint32_t n;
  uint8_t unknown;
  struct rw_held held[RW_MAX_HELD];
} rw_race_locks;

typedef struct rw_race {
  struct rw_race *next;                    /* hash chain                */
  const raceway_site *site_lo, *site_hi;   /* the key: ordered pair ... */
  uintptr_t base;                          /* ... and the object        */
  uintptr_t addr;
  char variable[RW_RACE_NAME_LEN];
  rw_access_info cur, prev;                /* first occurrence          */
  rw_race_locks cur_locks, prev_locks;
  uintptr_t cur_stack[RW_RACE_STACK];      /* return addresses, the     */
  uint32_t cur_depth;                      /* access's first; prev: pc  */
  uint64_t count;                          /* under the table lock      */
  int emitted;                             /* race_detected: RW_RACE_*  */
  int printed;                             /* printed when found (live) */
} rw_race;

/* Where a race's race_detected event is (rw_race.emitted).  A race found
 * by an access waits for its finder, which records the event right after
 * the access's own (rw_racetab_take_found), so that the flusher reaches
 * the access's record before the event: taken by another thread's hook in
 * between, the event went into that thread's ring, and the flusher, which
 * drains one ring at a time, could pass the access (and RACEWAY_RACE_WINDOW
 * more of its thread's records) before reaching it, so the race named an
 * access no longer held (`races` mode, 2 runs of 36 of a key-value store
 * under load).  A race found by a free, or one its finder has no room for,
 * waits for any thread. */
enum { RW_RACE_WAITING, RW_RACE_TAKEN, RW_RACE_FINDER };

/* Record a race between the current access `cur` at addr, whose thread
 * holds held[0..nheld), and `prev`.  Returns the new record, or NULL when
 * the pair was seen before (its count grows) or was not kept. */
const rw_race *rw_racetab_add(uintptr_t addr, const rw_access_info *cur,
                              const rw_access_info *prev, const struct rw_held *held,
                              uint32_t nheld, const uintptr_t *stack, uint32_t depth);
/* The atomic access seq of thread slot `slot`, found racing before it ran
 * (new_unknown), has run: the races it is the current access of, among
 * the last few found, get its values. */
void rw_racetab_complete(uint32_t slot, uint64_t seq, uint64_t old_value, uint64_t new_value);
/* 1 (and the count grows) if the race of cur at addr with prev is known:
 * a new one is worth unwinding the stack for. */
int rw_racetab_seen(uintptr_t addr, const rw_access_info *cur, const rw_access_info *prev);
/* Distinct races so far, kept or not. */
unsigned rw_racetab_count(void);
/* 1 if a race's race_detected event waits for any thread (one atomic
 * load, on every tracked access). */
extern atomic_uint rw_racetab_npending;
static inline int rw_racetab_pending(void) {
  return atomic_load_explicit(&rw_racetab_npending, memory_order_relaxed) != 0;
}
/* New races recorded by the calling thread so far: a check that raised it
 * found one (rw_detector_access's result). */
extern __thread uint32_t rw_racetab_found __attribute__((tls_model("initial-exec")));
/* r was printed when it was found (RACEWAY_REPORT_LIVE): the exit report
 * does not print it again. */
void rw_racetab_mark_printed(const rw_race *r);
/* Up to max races whose event waits for any thread, marked taken. */
unsigned rw_racetab_take_unemitted(const rw_race **out, unsigned max);
/* Up to max races found by slot's thread still waiting for it, taken. */
unsigned rw_racetab_take_found(const rw_race **out, unsigned max, uint32_t slot);
/* Slot's thread leaves the races waiting for it to any thread (it has no
 * room for them); slot UINT32_MAX: every thread's (at exit). */
void rw_racetab_open_found(uint32_t slot);

/* For printers: hold the lock while reading records in the order found. */
void rw_racetab_lock(void);
void rw_racetab_unlock(void);
unsigned rw_racetab_size(void);            /* records kept            */
const rw_race *rw_racetab_at(unsigned i);  /* 0 <= i < size           */
uint64_t rw_racetab_not_kept(void);        /* distinct races past max */

/* Forget every race (tests). */
void rw_racetab_reset(void);
/* fork child: release the table's lock. */
void rw_racetab_after_fork(void);

#endif
