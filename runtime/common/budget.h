/*
 * budget.h - one memory budget for the runtime, in bytes
 * (runtime/common/budget.c; RACEWAY_MAX_MEMORY).
 *
 * Structures that grow with the program (event rings, event extras,
 * vector clocks) take their bytes here before allocating and give them
 * back when freed.  A refused take means: record less (a smaller ring,
 * an event dropped and counted), never allocate anyway.  Cost: one atomic
 * add per take or give, so only per-thread and per-allocation paths use
 * it, never the per-access path.  Parts are counted separately for the
 * exit statistics and the README's cost table.
 */
#ifndef RW_BUDGET_H
#define RW_BUDGET_H

#include <stddef.h>
#include <stdint.h>

enum rw_budget_part {
  RW_BUDGET_RINGS,     /* per-thread event rings (capacity x 64 bytes)   */
  RW_BUDGET_EXTRAS,    /* per-event extras: clock snapshots, payloads    */
  RW_BUDGET_CLOCKS,    /* vector clocks of threads and sync objects      */
  RW_BUDGET_PARTS
};

/* The total, fixed at start (0: unlimited, for tests of other layers). */
void rw_budget_init(uint64_t total);
/* Take n bytes for part: 0, or -1 when that would pass the total
 * (nothing is taken; counted as a refusal). */
int rw_budget_take(enum rw_budget_part part, uint64_t n);
/* Count n bytes for part without a limit: for memory whose loss would
 * make reports wrong (vector clocks), which is bounded by the threads and
 * sync objects alive rather than refused. */
void rw_budget_count(enum rw_budget_part part, uint64_t n);
/* Give back n bytes taken (or counted) for part. */
void rw_budget_give(enum rw_budget_part part, uint64_t n);
/* Bytes the total has left (UINT64_MAX when unlimited). */
uint64_t rw_budget_left(void);

typedef struct rw_budget_stats {
  uint64_t total;                    /* 0: unlimited                     */
  uint64_t used[RW_BUDGET_PARTS];
  uint64_t peak;                     /* highest sum of used so far       */
  uint64_t refused;                  /* takes refused                    */
} rw_budget_stats;
void rw_budget_get_stats(rw_budget_stats *out);

#endif
