/*
 * fstate.c - the encoder's state per thread slot (fstate.h).
 */
#include "transport/fstate.h"

#include <stdlib.h>
#include <string.h>

#include "capture/slots.h"
#include "common/budget.h"
#include "common/hash.h"
#include "common/ids.h"
#include "common/uuid.h"

void rw_fstate_home_trace(uint32_t slot, uint32_t occupant, uint8_t out[16]) {
  memcpy(out, rw_ids_process_trace, 16);
  if (slot > 1 || occupant > 1) {
    out[8] ^= (uint8_t)(occupant >> 8);
    out[10] ^= (uint8_t)occupant;
    out[12] ^= (uint8_t)(slot >> 24);
    out[13] ^= (uint8_t)(slot >> 16);
    out[14] ^= (uint8_t)(slot >> 8);
    out[15] ^= (uint8_t)slot;
    out[11] ^= 0x5a;   /* never equal to the process trace */
  }
}

uint32_t rw_fstate_home_slot(const uint8_t t[16]) {
  const uint8_t *p = rw_ids_process_trace;
  if (memcmp(t, p, 16) == 0)
    return 1;
  if (memcmp(t, p, 8) != 0 || t[9] != p[9] || t[11] != (p[11] ^ 0x5a))
    return 0;
  return (uint32_t)(t[12] ^ p[12]) << 24 | (uint32_t)(t[13] ^ p[13]) << 16 |
         (uint32_t)(t[14] ^ p[14]) << 8 | (uint32_t)(t[15] ^ p[15]);
}

void rw_fstate_set_trace(rw_fstate *fs) {
  rw_uuid_format(fs->cur, fs->trace);
  fs->text.trace_ok = 0;
}

rw_fstate_trace rw_fstate_traces[RW_FSTATE_NTRACE];

uint64_t *rw_fstate_trace_count(const uint8_t id[16]) {
  rw_fstate_trace *traces = rw_fstate_traces;
  uint32_t h = (uint32_t)rw_hash_bytes((const char *)id, 16), k = h;
  for (uint32_t i = 0; i < 8; i++) {
    k = (h + i) & (RW_FSTATE_NTRACE - 1);
    if (traces[k].used && memcmp(traces[k].id, id, 16) == 0)
      return &traces[k].count;
    if (!traces[k].used)
      break;
  }
  if (traces[k].used)    /* full: evict the first probe */
    k = h & (RW_FSTATE_NTRACE - 1);
  traces[k].used = 1;
  memcpy(traces[k].id, id, 16);
  traces[k].count = 0;
  return &traces[k].count;
}

uint64_t *rw_fstate_count_slow(rw_fstate *fs) {
  uint64_t *c = rw_fstate_trace_count(fs->cur);
  fs->cur_k = (uint32_t)(((char *)c - (char *)rw_fstate_traces) / sizeof rw_fstate_traces[0]);
  return c;
}

rw_fstate *rw_fstate_if(uint32_t slot) {
  rw_slot *s = rw_slots_get(slot);
  return s ? s->fstate : 0;
}

uint32_t rw_fstate_last_slot;
rw_fstate *rw_fstate_last;

rw_fstate *rw_fstate_get_slow(uint32_t slot) {
  rw_slot *s = rw_slots_get(slot);
  if (!s)
    return 0;
  if (!s->fstate) {
    rw_fstate *fs = calloc(1, sizeof *fs);
    if (!fs)
      return 0;
    /* Never freed; slots are reused (capture/slots.h), so they and their
     * vectors (cvec.c) grow with the threads alive at once. */
    rw_budget_count(RW_BUDGET_ENCODER, sizeof *fs);
    fs->occupant = 1;
    fs->hist.slot = slot;
    rw_fstate_home_trace(slot, 1, fs->home);
    memcpy(fs->cur, fs->home, 16);
    rw_fstate_set_trace(fs);
    s->fstate = fs;
  }
  rw_fstate_last_slot = slot;
  rw_fstate_last = s->fstate;
  return rw_fstate_last;
}

rw_fstate *rw_fstate_peer(uint32_t slot) {
  rw_fstate *fs = rw_fstate_if(slot);
  if (fs)
    return fs;
  uint32_t last_slot = rw_fstate_last_slot;
  rw_fstate *last = rw_fstate_last;
  fs = rw_fstate_get_slow(slot);
  rw_fstate_last_slot = last_slot;
  rw_fstate_last = last;
  return fs;
}
