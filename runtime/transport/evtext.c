/*
 * evtext.c - event ids and timestamps from the previous ones (evtext.h).
 */
#include "transport/evtext.h"

#include <string.h>

#include "common/clock.h"
#include "common/ids.h"
#include "common/json.h"

void rw_evtext_id(rw_evtext *t, uint32_t slot, uint64_t seq, char out[37]) {
  if (t->pid != rw_ids_pid || t->slot != slot) {
    char id[37];
    rw_ids_event(slot, seq, id);
    memcpy(t->id_prefix, id, sizeof t->id_prefix);
    t->pid = rw_ids_pid;
    t->slot = slot;
    t->id_seq = 0;
  }
  memcpy(out, t->id_prefix, sizeof t->id_prefix);
  if (t->id_seq && seq == t->id_seq + 1 && (seq & 0xffffffffffull) != 0) {
    /* The next seq: the hex tail counts up, carrying from the end. */
    int i = 9;
    while (t->id_tail[i] == 'f')
      t->id_tail[i--] = '0';
    t->id_tail[i] = t->id_tail[i] == '9' ? 'a' : (char)(t->id_tail[i] + 1);
  } else {
    rw_ids_event_tail(seq, t->id_tail);
  }
  t->id_seq = seq;
  memcpy(out + sizeof t->id_prefix, t->id_tail, sizeof t->id_tail);
  out[36] = 0;
}

const char *rw_evtext_ts_slow(rw_evtext *t, uint64_t ns) {
  uint64_t d = ns - t->ts_ns;
  if (t->ts_ns && ns > t->ts_ns && d < 1000000000u - t->frac) {
    /* The same second: only the digits of the fraction that changed (most
     * often the last four). */
    uint32_t f = t->frac + (uint32_t)d;
    if (f / 10000 == t->frac / 10000)
      rw_json_digits4(f % 10000, t->ts + RW_EVTEXT_FRAC + 5);
    else
      rw_json_digits(f, t->ts + RW_EVTEXT_FRAC, 9);
    t->frac = f;
  } else {
    rw_clock_format(ns, t->ts);
    t->frac = (uint32_t)(ns % 1000000000u);
  }
  t->ts_ns = ns;
  return t->ts;
}
