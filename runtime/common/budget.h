/*
 * budget.h - one memory budget for the runtime, in bytes
 * (runtime/common/budget.c; RACEWAY_MAX_MEMORY).
 *
 * Structures that grow with the program take their bytes here before
 * allocating and give them back when freed.  A refused take means: record
 * less, in the way that loses least (a smaller ring, an event dropped and
 * counted, a sync object without a clock, a name not kept), never
 * allocate anyway.  Cost: one atomic add per take or give, so only
 * per-thread, per-object and per-allocation paths use it, never the
 * per-access path.  Parts are counted separately (use, peak, refusals) for
 * the exit line in debug mode and the README's Memory section.
 */
#ifndef RW_BUDGET_H
#define RW_BUDGET_H

#include <stddef.h>
#include <stdint.h>

enum rw_budget_part {
  RW_BUDGET_RINGS,     /* per-thread event rings (capacity x 64 bytes)   */
  RW_BUDGET_EXTRAS,    /* per-event extras: clock snapshots, payloads    */
  RW_BUDGET_CLOCKS,    /* vector clocks of threads and sync objects      */
  RW_BUDGET_SHADOW,    /* the detector's shadow table, sized at start    */
  RW_BUDGET_SYNC,      /* sync-object records (hb/sync.c)                */
  RW_BUDGET_NAMES,     /* interned strings and object/lock names         */
  RW_BUDGET_WINDOW,    /* RACEWAY_SEND=races windows: entries and text   */
  RW_BUDGET_BATCH,     /* the batch buffer being built                   */
  RW_BUDGET_FRAGS,     /* pre-encoded site and thread fragments          */
  RW_BUDGET_HISTORY,   /* the encoder's per-slot runs (server numbers)   */
  RW_BUDGET_ENCODER,   /* the encoder's per-slot state and vectors       */
  RW_BUDGET_PARTS
};

/* The total, fixed at start (0: unlimited, for tests of other layers). */
void rw_budget_init(uint64_t total);
/* Take n bytes for part: 0, or -1 when that would pass the total or the
 * part's own cap (rings 25%, extras 10%, races window 25%, encoder history
 * 10% of the total: parts that grow with threads or with time leave room
 * for the others); nothing is
 * taken, and it is counted as a refusal of that part. */
int rw_budget_take(enum rw_budget_part part, uint64_t n);
/* Count n bytes for part without a limit: for memory whose loss would
 * make reports wrong (vector clocks), which is bounded by the threads and
 * sync objects alive rather than refused. */
void rw_budget_count(enum rw_budget_part part, uint64_t n);
/* Give back n bytes taken (or counted) for part. */
void rw_budget_give(enum rw_budget_part part, uint64_t n);
/* n bytes for part, taken from the budget and then from malloc (zeroed:
 * calloc); NULL with nothing taken when either refuses.  Free with free()
 * and give the n bytes back. */
void *rw_budget_alloc(enum rw_budget_part part, size_t n, int zeroed);
/* Bytes the total has left (UINT64_MAX when unlimited). */
uint64_t rw_budget_left(void);
/* Bytes part may still take: what the total has left, within the part's
 * cap (UINT64_MAX when unlimited). */
uint64_t rw_budget_room(enum rw_budget_part part);
/* The part's own cap in bytes (UINT64_MAX: none, or unlimited). */
uint64_t rw_budget_cap(enum rw_budget_part part);
/* Bytes part uses now. */
uint64_t rw_budget_used(enum rw_budget_part part);
/* Bytes the total is (0: unlimited). */
uint64_t rw_budget_total(void);
/* The part's short name ("rings", "sync", ...). */
const char *rw_budget_part_name(enum rw_budget_part part);

typedef struct rw_budget_stats {
  uint64_t total;                    /* 0: unlimited                     */
  uint64_t used[RW_BUDGET_PARTS];
  uint64_t part_peak[RW_BUDGET_PARTS];  /* each part's highest use       */
  uint64_t part_refused[RW_BUDGET_PARTS];
  uint64_t peak;                     /* highest sum of used so far       */
  uint64_t refused;                  /* takes refused                    */
} rw_budget_stats;
void rw_budget_get_stats(rw_budget_stats *out);
/* "memory KiB used/peak: rings 4096/4096, ..." (parts ever used, refusals
 * where any) into out; the exit line's debug tail. */
void rw_budget_describe(char *out, size_t len);

#endif
