/*
 * detector.h - the local race detector (runtime/detector.c, report.c).
 *
 * FastTrack-style happens-before over tracked addresses only, with lock
 * sets kept for the explanation.  Shadow state is a bounded table keyed by
 * address; freed memory is forgotten.  Races are deduplicated per pair of
 * source sites and reported at exit (stderr, RACEWAY_REPORT JSON), live if
 * configured, and as a Custom "race_detected" event.
 */
#ifndef RW_DETECTOR_H
#define RW_DETECTOR_H

#include <stdint.h>
#include <stddef.h>
#include "raceway/abi.h"

struct rw_thread;

/* Called from thread.c/config.c at start (after rw_cfg is final). */
void rw_detector_init(void);

/*
 * One tracked access by t (hot path: called from the access hooks before
 * the event is emitted, so rw_next_seq(&t->cap) is this access's event seq).  access is
 * an enum raceway_access value; old/new are the value bits (see site).
 */
void rw_detect_access(struct rw_thread *t, const raceway_site *site,
                      uintptr_t addr, unsigned access,
                      uint64_t old_value, uint64_t new_value);

/* Memory [addr, addr+len) was freed/unmapped: forget its shadow state. */
void rw_detect_forget(uintptr_t addr, size_t len);

/* Number of distinct races so far. */
unsigned rw_detector_race_count(void);
/* Print the report to stderr and write RACEWAY_REPORT (once; at shutdown). */
void rw_detector_finish(void);
/* JSON report (malloc'd) or NULL. */
char *rw_detector_report_json(void);

#endif
