/*
 * slots.c - thread slots in chunks of 1024 entries, allocated on first use
 * and never freed.
 */
#include "capture/slots.h"

#include <stdio.h>

#include "common/ids.h"
#include "common/rawalloc.h"

#define SLOT_CHUNK 1024u
#define SLOT_CHUNKS (RW_SLOTS_MAX / SLOT_CHUNK)

static _Atomic(rw_slot *) chunks[SLOT_CHUNKS];
static _Atomic uint32_t next_slot = 1;

rw_slot *rw_slots_get(uint32_t slot) {
  if (slot == 0 || slot >= RW_SLOTS_MAX)
    return 0;
  rw_slot *c = atomic_load_explicit(&chunks[slot / SLOT_CHUNK], memory_order_acquire);
  return c ? &c[slot % SLOT_CHUNK] : 0;
}

uint32_t rw_slots_end(void) {
  uint32_t n = atomic_load_explicit(&next_slot, memory_order_acquire);
  return n < RW_SLOTS_MAX ? n : RW_SLOTS_MAX;
}

const char *rw_slots_name(uint32_t slot) {
  rw_slot *s = rw_slots_get(slot);
  return s && s->name[0] ? s->name : 0;
}

/* The entry for a new slot, allocating its chunk on first use. */
static rw_slot *entry(uint32_t slot) {
  if (slot >= RW_SLOTS_MAX)
    return 0;
  _Atomic(rw_slot *) *cp = &chunks[slot / SLOT_CHUNK];
  rw_slot *c = atomic_load_explicit(cp, memory_order_acquire);
  if (!c) {
    rw_slot *fresh = rw_raw_calloc(SLOT_CHUNK, sizeof(rw_slot));
    if (!fresh)
      return 0;
    if (atomic_compare_exchange_strong(cp, &c, fresh))
      c = fresh;
    else
      rw_raw_free(fresh);   /* another thread installed it first */
  }
  return &c[slot % SLOT_CHUNK];
}

void rw_slots_renew(uint32_t slot, uint32_t os_tid, rw_ring *ring) {
  rw_slot *s = rw_slots_get(slot);
  if (!s)
    return;
  snprintf(s->name, sizeof s->name, "%u:%u", (unsigned)rw_ids_pid, (unsigned)os_tid);
  atomic_store_explicit(&s->ring, ring, memory_order_release);
  atomic_store_explicit(&s->exited, 0, memory_order_release);
}

uint32_t rw_slots_claim(uint32_t os_tid, rw_ring *ring) {
  uint32_t slot = atomic_fetch_add(&next_slot, 1);
  if (!entry(slot))
    return 0;
  rw_slots_renew(slot, os_tid, ring);
  return slot;
}

void rw_slots_after_fork(uint32_t keep) {
  uint32_t end = rw_slots_end();
  for (uint32_t i = 1; i < end; i++) {
    rw_slot *s = rw_slots_get(i);
    if (s && i != keep)
      atomic_store(&s->exited, 1);
  }
}
