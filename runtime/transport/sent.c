/*
 * sent.c - which of a slot's events were sent (sent.h).
 */
#include "transport/sent.h"

/* The current run ends: keep it among the last few. */
static void close_run(rw_sent *s) {
  if (s->run_lo) {
    uint32_t k = s->nruns++ % RW_SENT_RUNS;
    s->runs[k].lo = s->run_lo;
    s->runs[k].hi = s->done;
  }
  s->run_lo = 0;
}

/* A gap in the seqs (seq > done + 1) is records dropped at a full ring,
 * which keep their seqs (capture.h) and are never named as a parent: the
 * run goes on over it. */
void rw_sent_note_slow(rw_sent *s, uint64_t seq, int sent) {
  if (!sent || !s->run_lo || seq <= s->done)
    close_run(s);
  if (sent && !s->run_lo)
    s->run_lo = seq;
  s->done = seq;
}

void rw_sent_lost(rw_sent *s, uint64_t hi) {
  close_run(s);
  if (hi > s->done)
    s->done = hi;
}

int rw_sent_has(const rw_sent *s, uint64_t seq) {
  if (!seq || seq > s->done)
    return 0;
  if (s->run_lo && seq >= s->run_lo)
    return 1;
  for (uint32_t i = 0; i < RW_SENT_RUNS && i < s->nruns; i++)
    if (seq >= s->runs[i].lo && seq <= s->runs[i].hi)
      return 1;
  return 0;
}

void rw_sent_forget(rw_sent *s) {
  s->run_lo = 0;
  s->nruns = 0;
}
