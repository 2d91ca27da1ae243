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

/* Record, on t, the race_detected events of races whose event was not
 * recorded yet (any thread's), as critical records (capture/ring.h): as
 * many as fit in t's ring now; the others wait for the next hook, on any
 * thread, so a ring the application keeps full delays a race's event
 * instead of losing it.  final (at exit): those that do not fit are
 * counted as dropped.  With capture off they are taken and go nowhere,
 * as every event then. */
void rw_race_events_emit(rw_thread *t, int final);

#endif
