/*
 * race_events.c - race_detected events from the race table.
 */
#include "rt/race_events.h"

#include <stdlib.h>

#include "capture/capture.h"
#include "detect/racetab.h"
#include "detect/report.h"

#define BATCH 8

/* Record on t the events of races taken from the table (the finder's own
 * with `found`, else any waiting), as many as fit; 1 if it ran out of room. */
static int emit(rw_thread *t, int final, int found) {
  const rw_race *races[BATCH];
  for (;;) {
    /* Taken only when its record fits: one taken and refused is lost.  A
     * thread without a ring leaves them to the others. */
    uint64_t room = atomic_load_explicit(&rw_capture_on, memory_order_relaxed)
                        ? rw_capture_room_critical(&t->cap)
                        : BATCH;
    if (!room && !final)
      return 1;
    unsigned max = room && room < BATCH ? (unsigned)room : BATCH;
    unsigned n = found ? rw_racetab_take_found(races, max, t->slot)
                       : rw_racetab_take_unemitted(races, max);
    if (n == 0)
      return 0;
    for (unsigned i = 0; i < n; i++) {
      if (!room) {   /* at exit, and no room left: dropped, counted */
        rw_capture_count_lost(&t->cap);
        continue;
      }
      char *data = rw_report_event_json(races[i]);
      if (data)
        rw_capture_custom_critical(&t->cap, "race_detected", data);
      free(data);
    }
  }
}

void rw_race_events_emit_found(rw_thread *t) {
  if (emit(t, 0, 1))
    rw_racetab_open_found(t->slot);   /* no room: the next hook with room */
}

void rw_race_events_emit(rw_thread *t, int final) {
  if (final)
    rw_racetab_open_found(UINT32_MAX);   /* finders that never came back */
  if (rw_racetab_pending())
    emit(t, final, 0);
}
