/*
 * race_events.c - race_detected events from the race table.
 */
#include "rt/race_events.h"

#include <stdlib.h>

#include "capture/capture.h"
#include "detect/racetab.h"
#include "detect/report.h"

#define BATCH 8

void rw_race_events_emit(rw_thread *t, int final) {
  const rw_race *races[BATCH];
  while (rw_racetab_pending()) {
    /* Taken only when its record fits: one taken and refused is lost.  A
     * thread without a ring leaves them to the others. */
    uint64_t room = atomic_load_explicit(&rw_capture_on, memory_order_relaxed)
                        ? rw_capture_room_critical(&t->cap)
                        : BATCH;
    if (!room && !final)
      return;
    unsigned n = rw_racetab_take_unemitted(races, room && room < BATCH ? (unsigned)room : BATCH);
    if (n == 0)
      return;
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
