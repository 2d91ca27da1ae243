/*
 * config.h - the runtime's validated configuration (runtime/config.c).
 * Filled once at start from raceway_config / RACEWAY_* and read-only after.
 */
#ifndef RW_CONFIG_H
#define RW_CONFIG_H

#include "raceway/raceway.h"

enum rw_send_mode { RW_SEND_ALL, RW_SEND_RACES, RW_SEND_NONE };

typedef struct rw_config {
  raceway_config pub;          /* validated copy; strings owned          */
  enum rw_send_mode send;
  unsigned race_window;        /* RACEWAY_RACE_WINDOW: events per thread
                                  held for races in RW_SEND_RACES mode
                                  (send_races.h); environment only, so
                                  raceway_config keeps its layout       */
  int all_lock_events;         /* RACEWAY_LOCK_EVENTS=all: record every
                                  lock pair, also those that guard no
                                  recorded event (default: elide them) */
  int started;                 /* rw_cfg is final                        */
} rw_config;

extern rw_config rw_cfg;

/* Parse and validate; prints one line per bad value.  Returns the number
 * of values that were rejected (and replaced by defaults). */
int rw_config_load(rw_config *out, const raceway_config *in);
/* Free the strings rw_config_load copied (not for the live rw_cfg, which
 * other threads read until exit). */
void rw_config_free(rw_config *c);

#endif
