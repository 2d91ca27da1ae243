/*
 * race_events.c - race_detected events from the race table.
 */
#include "rt/race_events.h"

#include <stdlib.h>

#include "capture/capture.h"
#include "detect/racetab.h"
#include "detect/report.h"

#define BATCH 8

void rw_race_events_emit(rw_thread *t) {
  const rw_race *races[BATCH];
  unsigned n;
  while (rw_racetab_pending() && (n = rw_racetab_take_unemitted(races, BATCH)) > 0) {
    for (unsigned i = 0; i < n; i++) {
      char *data = rw_report_event_json(races[i]);
      if (data)
        rw_capture_custom(&t->cap, "race_detected", data);
      free(data);
    }
  }
}
