/*
 * report.h - races found by the detector: deduplication, the text and JSON
 * reports, live printing and the "race_detected" events (runtime/report.c).
 *
 * A race is an unordered pair of source sites on one variable; it is
 * reported once, with the number of times it was seen.
 */
#ifndef RW_REPORT_H
#define RW_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include "raceway/abi.h"

struct rw_thread;
struct rw_hb;

/* One side of a race, as the shadow slot (or the current access) saw it.
 * site is NULL when the slot's details were torn by a concurrent write. */
typedef struct rw_access_info {
  const raceway_site *site;
  uint32_t slot;               /* thread slot */
  uint64_t seq;                /* event seq in that thread */
  uint64_t old_value, new_value;
  uint32_t lockset;            /* rw_lockset_intern id */
  uint8_t is_write, is_atomic, size;
} rw_access_info;

/* The id of the thread's held-lock set (interned; cached in hb->lockset
 * until the set changes).  0 = no locks, or the set table is full. */
uint32_t rw_lockset_intern(struct rw_hb *hb);

/* Record a race between the current access `cur` of t and `prev`. */
void rw_report_race(struct rw_thread *t, uintptr_t addr,
                    const rw_access_info *cur, const rw_access_info *prev);

/* Emit the race_detected events of races found since the last call (done
 * after the racing access's own event, so its event id is final). */
void rw_report_emit_pending(struct rw_thread *t);
/* In a fork child: release the race table's lock. */
void rw_report_after_fork(void);

unsigned rw_report_count(void);
/* The text report (all races and the summary line) to f. */
void rw_report_print(FILE *f);
/* The JSON report (malloc'd) or NULL. */
char *rw_report_json(void);
/* Forget every race (tests). */
void rw_report_reset(void);

#endif
