/*
 * race_events.h - "race_detected" Custom events (runtime/rt/race_events.c).
 *
 * The detector only records races (detect/racetab.h); a thread that finds
 * one records its event right after the racing access's own event, so the
 * event ids it names are final and the flusher meets the access first.
 */
#ifndef RW_RACE_EVENTS_H
#define RW_RACE_EVENTS_H

#include "rt/thread.h"

/* Record, on t, the race_detected events of races waiting for any thread
 * (found by a free, or their finder had no room; at exit, every race not
 * recorded yet), as critical records (capture/ring.h): as
 * many as fit in t's ring now; the others wait for the next hook, on any
 * thread, so a ring the application keeps full delays a race's event
 * instead of losing it.  final (at exit): those that do not fit are
 * counted as dropped.  With capture off they are taken and go nowhere,
 * as every event then. */
void rw_race_events_emit(rw_thread *t, int final);
/* Record, on t, the events of the races t's last check found, as many as
 * fit; the others wait for any thread (rw_race_events_emit).  Called right
 * after the racing access's own record (racetab.h: RW_RACE_FINDER). */
void rw_race_events_emit_found(rw_thread *t);

#endif
