/* detector_env.h - the start of a unit test that drives the detector with
 * hand-made threads: the configuration as the lifecycle leaves it
 * (detector on, a shadow table for 4,096 addresses, process id 100, so
 * threads are named "100:<tid>"), lock edges counted from here, the
 * detector started; and the hand-made thread those tests drive.
 * Header-only: each test links just its layers. */
#ifndef RW_TEST_DETECTOR_ENV_H
#define RW_TEST_DETECTOR_ENV_H

#include <stdint.h>
#include <stdlib.h>

#include "common/config.h"
#include "common/ids.h"
#include "detect/detector.h"
#include "hb/sync.h"

/* A thread as the detector sees it: a clock and the next event's seq. */
typedef struct fake_thread {
  rw_hb hb;
  rw_detector_memo memo;
  uint64_t seq;
} fake_thread;

static inline fake_thread *thread_new(uint32_t slot) {
  fake_thread *t = calloc(1, sizeof *t);
  t->seq = 1;
  rw_sync_hb_init(&t->hb, slot);
  return t;
}

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
