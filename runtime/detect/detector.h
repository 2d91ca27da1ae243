/*
 * detector.h - the local race detector (runtime/detect/detector.c).
 *
 * FastTrack-style happens-before over tracked addresses only, with lock
 * sets kept for the explanation.  Shadow state is a bounded table keyed by
 * address; freed memory is forgotten.  Races go to the race table
 * (racetab.h), deduplicated per pair of source sites, and are reported at
 * exit (stderr, RACEWAY_REPORT JSON) and live if configured.  The detector
 * records no events: the hooks turn races into "race_detected" events.
 */
#ifndef RW_DETECTOR_H
#define RW_DETECTOR_H

#include <stdint.h>
#include <stddef.h>
#include "hb/sync.h"
#include "raceway/abi.h"

/* At start, after rw_cfg is final (lifecycle). */
void rw_detector_init(void);

/*
 * One tracked access by the thread whose clock is hb (hot path, from the
 * access hooks).  seq is the access's event seq in its thread, so a report
 * can name the event.  access is an enum raceway_access value; old/new are
 * the value bits (see site).
 */
void rw_detector_access(rw_hb *hb, uint64_t seq, const raceway_site *site,
                      uintptr_t addr, unsigned access, uint64_t old_value,
                      uint64_t new_value);

/* Memory [addr, addr+len) was freed/unmapped: forget its shadow state. */
void rw_detector_forget(uintptr_t addr, size_t len);

/* Number of distinct races so far. */
unsigned rw_detector_race_count(void);
/* Print the report to stderr and write RACEWAY_REPORT (once; at shutdown). */
void rw_detector_finish(void);
/* JSON report (malloc'd) or NULL. */
char *rw_detector_report_json(void);

#endif
