/*
 * sweep.h - slots of detached (or leaked) threads given back
 * (runtime/rt/sweep.c).
 *
 * A joined thread's slot goes to a thread created after the join
 * (capture/slots.h).  A detached thread is never joined: its slot waits
 * until enough such slots do, then one sweep forgets their ended threads
 * everywhere a later thread of the slot could be mistaken for them, and
 * any thread may take them.  Races between a swept thread's accesses and
 * later ones are not reported (README, Limitations).
 */
#ifndef RW_SWEEP_H
#define RW_SWEEP_H

#include <stdint.h>

/* The thread that ended in slot at final_epoch was detached (at its end,
 * or later by pthread_detach): sweep if enough such slots wait.  Runs on
 * the calling thread, takes no lock across the sweep but the shadow
 * table's and sync table's own, never waits for another thread. */
void rw_sweep_unjoinable(uint32_t slot, uint64_t final_epoch);
/* Sweep if enough unjoinable slots wait: those of detached threads and of
 * threads presumed leaked (never joined: capture/slots.h,
 * RW_SLOTS_LEAKED_AGE), which a new thread's slot claim marks.  As above;
 * a load when not. */
void rw_sweep_due(void);

#endif
