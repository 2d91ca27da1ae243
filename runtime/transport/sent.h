/*
 * sent.h - which of a thread slot's events were sent, so that no event
 * names an unsent one as its parent (runtime/transport/sent.c).  Flusher
 * thread only.
 *
 * A slot's events are encoded in seq order, but not all are sent: a ring
 * given up (capture/slots.h) never reaches the encoder, and a full batch
 * refuses an event.  So a join's parent (the joined thread's last event)
 * or a first event's (its spawn) may be missing.  Kept per slot: the run
 * of seqs sent up to the last one (over the gaps of records dropped at a
 * full ring, which keep their seqs and are never a parent), and the last
 * few runs before it; a seq older than those counts as not sent (the
 * child then keeps its own chain: the server orders less, never wrongly).
 */
#ifndef RW_SENT_H
#define RW_SENT_H

#include <stdint.h>

#define RW_SENT_RUNS 4

typedef struct rw_sent {
  uint64_t done;              /* every seq <= this was encoded or given up */
  uint64_t run_lo;            /* [run_lo, done] were all sent (0: none)    */
  struct { uint64_t lo, hi; } runs[RW_SENT_RUNS];   /* earlier such runs   */
  uint32_t nruns;             /* runs[nruns % RW_SENT_RUNS] is the next    */
} rw_sent;

void rw_sent_note_slow(rw_sent *s, uint64_t seq, int sent);
/* Event seq was encoded; `sent`: put in a batch or offered to the races
 * window.  Inline: mostly it extends the current run. */
static inline void rw_sent_note(rw_sent *s, uint64_t seq, int sent) {
  if (sent && s->run_lo && seq > s->done)
    s->done = seq;
  else
    rw_sent_note_slow(s, seq, sent);
}
/* The events after `done` up to hi were given up, never encoded. */
void rw_sent_lost(rw_sent *s, uint64_t hi);
/* 1 if seq was sent (as far as the last RW_SENT_RUNS runs tell). */
int rw_sent_has(const rw_sent *s, uint64_t seq);
/* fork child: nothing before was sent by this process (ids carry the pid). */
void rw_sent_forget(rw_sent *s);

#endif
