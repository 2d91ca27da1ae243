/*
 * held.h - the locks a thread holds, as its events' lock_set
 * (runtime/transport/held.c).  Flusher thread only.
 */
#ifndef RW_HELD_H
#define RW_HELD_H

#include <stdint.h>

#include "capture/ring.h"
#include "common/buf.h"

#define RW_HELD_MAX 16

typedef struct rw_held {
  char *id[RW_HELD_MAX];      /* lock ids held now, in order, each followed
                                 by its JSON string                       */
  uint32_t n;
  rw_buf text;                /* the lock_set, rebuilt in place           */
  char *json;                 /* `text` when any lock is held, else NULL  */
} rw_held;

/* After lock record r (acquire or release) of the thread. */
void rw_held_update(rw_held *h, const rw_rec *r);
/* None held (a new thread in the slot, a fork child). */
void rw_held_clear(rw_held *h);

#endif
