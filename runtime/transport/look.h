/*
 * look.h - a look-ahead over a thread slot's ring for the server's order
 * (runtime/transport/look.c): how many of the records not encoded yet go
 * to the slot's current trace, up to an epoch another thread's vector
 * names (they will get the trace's next numbers).  Flusher thread only.
 */
#ifndef RW_LOOK_H
#define RW_LOOK_H

#include <stdint.h>

#include "capture/ring.h"

#define RW_LOOK_N 128

/* The scan so far, valid for `tail`, up to pos (b: the count at the end
 * of each epoch; stop: a trace switch or a new occupant). */
typedef struct rw_look {
  uint64_t tail, pos, epoch, cnt;
  uint32_t nb, stop;
  struct { uint64_t epoch, cnt; } b[RW_LOOK_N];
} rw_look;

/* The trace a record e moves its thread to: the thread's home for the
 * process trace, else e's (the encoder's rule, recenc.c). */
void rw_look_trace(const uint8_t home[16], const rw_ext *e, uint8_t out[16]);

/* Slot u's records in ring r (NULL: none) up to epoch upto that go to
 * trace cur; epoch: u's own epoch at its last encoded record; home: its
 * home trace; first: nothing of the slot encoded yet (a first record is
 * then the slot's first thread's).  Stops at a trace switch, a new
 * occupant's first record or after RW_LOOK_N epochs (then: fewer). */
uint64_t rw_look_ahead(rw_look *L, rw_ring *r, uint32_t u, uint64_t epoch,
                       const uint8_t cur[16], const uint8_t home[16], int first,
                       uint64_t upto);

#endif
