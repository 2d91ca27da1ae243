/*
 * evtext.c - event ids and timestamps from the previous ones (evtext.h).
 */
#include "transport/evtext.h"

#include <string.h>

#include "common/clock.h"
#include "common/ids.h"

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

const char *rw_evtext_ts(rw_evtext *t, uint64_t ns) {
  /* The next nanosecond: the last digit moves, unless it carries. */
  if (t->ts_ns && ns == t->ts_ns + 1 && t->ts[28] != '9')
    t->ts[28]++;
  else
    rw_clock_format(ns, t->ts);
  t->ts_ns = ns;
  return t->ts;
}
