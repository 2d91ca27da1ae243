/*
 * barrier.h - happens-before through pthread barriers, one clock per
 * generation (runtime/hb/barrier.c).
 *
 * Arrival k at a barrier of count n belongs to generation k / n.  Each
 * generation's clock joins the clocks of its arrivals; a thread leaving
 * generation g acquires that clock and no later one's, however late it
 * leaves (a thread held up after the wait must not "know" what the others
 * released into the next generation).  A barrier whose count is unknown
 * (initialised before the runtime could see it) is one release/acquire
 * object, as hb/sync.h's atomics.
 */
#ifndef RW_BARRIER_H
#define RW_BARRIER_H

#include <stdint.h>

#include "hb/sync.h"

/* pthread_barrier_init(addr, count) succeeded (or re-initialised). */
void rw_barrier_init(uintptr_t addr, unsigned count);
/* pthread_barrier_destroy, or the memory was freed. */
void rw_barrier_forget(uintptr_t addr);
/* Before the real wait: joins the thread's clock (hb; NULL: a thread that
 * does not record, counted only) into its generation's; the ticket names
 * the generation (0: count unknown). */
uint64_t rw_barrier_arrive(rw_hb *hb, uintptr_t addr);
/* After the wait returned: acquire the ticket's generation. */
void rw_barrier_leave(rw_hb *hb, uintptr_t addr, uint64_t ticket);
/* fork child: release the table's lock. */
void rw_barrier_after_fork(void);

#endif
