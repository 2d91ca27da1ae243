/*
 * evtext.c - event heads from the previous ones (evtext.h).
 */
#include "transport/evtext.h"

#include <string.h>

#include "common/clock.h"
#include "common/json.h"

_Static_assert(RW_WIRE_HEAD_MAX + 1 <= RW_EVTEXT_HEAD, "room for a head written afresh");

/* Laid out afresh by rw_wire_event_head: an id from the head's prefix
 * (same process and slot) or anew, the parent from the head's id when it
 * is that event, the timestamp kept. */
void rw_evtext_event_slow(rw_evtext *t, uint32_t slot, uint64_t seq, uint32_t pslot,
                          uint64_t pseq, const char trace[36]) {
  char id[37], parent[37], ts[31];
  int same = t->len && t->pid == rw_ids_pid;
  if (pseq && same && t->slot == pslot && t->id_seq == pseq)
    memcpy(parent, t->head + RW_EVTEXT_ID, 36);
  else if (pseq)
    rw_ids_event(pslot, pseq, parent);
  if (same && t->slot == slot) {
    memcpy(id, t->head + RW_EVTEXT_ID, RW_EVTEXT_TAIL);
    rw_ids_event_tail(seq, id + RW_EVTEXT_TAIL);
  } else {
    rw_ids_event(slot, seq, id);
  }
  if (t->ts_ns)
    memcpy(ts, t->head + t->ts_at, 30);
  else
    memset(ts, '0', 30);   /* rw_evtext_ts writes it afresh */
  rw_event e = {.id = id, .parent_id = pseq ? parent : 0, .trace_id = trace, .ts_text = ts};
  char *end = rw_wire_event_head(t->head, &e);
  t->len = (uint16_t)(end - t->head);
  t->ts_at = (uint16_t)(t->len - 39);   /* then "\",\"kind\":", 9 bytes */
  t->pid = rw_ids_pid;
  t->slot = slot;
  t->id_seq = seq;
  t->pslot = pslot;
  t->pseq = pseq;
  t->trace_ok = 1;
}

void rw_evtext_ts_slow(rw_evtext *t, uint64_t ns) {
  char *ts = t->head + t->ts_at;
  uint64_t d = ns - t->ts_ns;
  if (t->ts_ns && ns > t->ts_ns && d < 1000000000u - t->frac) {
    /* The same second: only the digit pairs of the fraction that changed
     * (most often the last two to four), from the end. */
    uint32_t f = t->frac + (uint32_t)d, old = t->frac;
    t->frac = f;
    char *p = ts + RW_EVTEXT_FRAC + 9;
    while (f != old && p - ts > RW_EVTEXT_FRAC + 1) {
      p -= 2;
      memcpy(p, rw_json_dec_pairs + 2 * (f % 100), 2);
      f /= 100, old /= 100;
    }
    if (f != old)   /* the first digit of the nine */
      ts[RW_EVTEXT_FRAC] = (char)('0' + f);
  } else {
    char text[31];
    rw_clock_format(ns, text);   /* (it ends with a NUL: not in the head) */
    memcpy(ts, text, 30);
    t->frac = (uint32_t)(ns % 1000000000u);
  }
  t->ts_ns = ns;
}
