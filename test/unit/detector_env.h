/* detector_env.h - the start of a unit test that drives the detector with
 * hand-made threads: the configuration as the lifecycle leaves it
 * (detector on, a shadow table for 4,096 addresses, process id 100, so
 * threads are named "100:<tid>"), lock edges counted from here, the
 * detector started.  Header-only: each test links just its layers. */
#ifndef RW_TEST_DETECTOR_ENV_H
#define RW_TEST_DETECTOR_ENV_H

#include "common/config.h"
#include "common/ids.h"
#include "detect/detector.h"
#include "hb/sync.h"

static inline void detector_env(void) {
  rw_cfg.pub.detect = 1;
  rw_cfg.pub.max_shadow = 4096;
  rw_cfg.started = 1;
  rw_ids_init();
  rw_ids_pid = 100;
  rw_sync_note_access();
  rw_detector_init();
}

#endif
