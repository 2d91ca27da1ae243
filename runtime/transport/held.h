/*
 * held.h - the locks a thread holds, as its events' lock_set
 * (runtime/transport/held.c).  Flusher thread only.
 */
#ifndef RW_HELD_H
#define RW_HELD_H

#include <stdint.h>

#include "capture/ring.h"
#include "common/buf.h"
#include "transport/frag.h"

#define RW_HELD_MAX 16

typedef struct rw_held {
  uint32_t off[RW_HELD_MAX];  /* lock i held now (in order): its JSON id  */
  uint32_t len[RW_HELD_MAX];  /* string at text.p + off[i], len[i] bytes */
  uint32_t n;
  rw_buf text;                /* the lock_set, patched in place           */
  char *json;                 /* `text` when any lock is held, else NULL  */
} rw_held;

/* After lock record r (acquire or release) of the thread; f: its
 * fragments (rw_frag_lock_get(r)), or NULL if there are none. */
void rw_held_update(rw_held *h, const rw_rec *r, const rw_frag_lock *f);
/* None held (a new thread in the slot, a fork child). */
void rw_held_clear(rw_held *h);

#endif
