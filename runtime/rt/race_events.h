/*
 * race_events.h - "race_detected" Custom events (runtime/rt/race_events.c).
 *
 * The detector only records races (detect/racetab.h); a thread that finds
 * one records its event right after the racing access's own event, so the
 * event ids it names are final.
 */
#ifndef RW_RACE_EVENTS_H
#define RW_RACE_EVENTS_H

#include "rt/thread.h"

/* Record, on t, the race_detected events of every race whose event was
 * not recorded yet (any thread's). */
void rw_race_events_emit(rw_thread *t);

#endif
