/*
 * trslots.c - trace holders by hash (trslots.h).
 *
 * Open addressing by hash, linear probing, deletion by shifting back (no
 * tombstones), grown at half full: at most one entry per kept stretch, 128
 * per slot (hist.h), so 256 slots of request threads are at most 32,768
 * entries (768 KiB).  Counted in the encoder's budget, never refused; a
 * table that cannot grow stops answering for itself (RW_TRSLOTS_MANY).
 */
#include "transport/trslots.h"

#include <stdlib.h>

#include "common/budget.h"

typedef struct cell {
  uint32_t hash;
  uint32_t slot;            /* RW_TRSLOTS_MANY: more than one            */
  uint32_t refs;            /* 0: empty                                  */
} cell;

static cell *tab;
static uint32_t cap, used;
static int lost;            /* could not grow: every answer is MANY      */

static uint32_t home(uint32_t hash) { return (hash * 0x9e3779b1u) & (cap - 1); }

static cell *find(uint32_t hash) {
  for (uint32_t i = home(hash);; i = (i + 1) & (cap - 1))
    if (!tab[i].refs || tab[i].hash == hash)
      return &tab[i];
}

static int grow(void) {
  uint32_t ncap = cap ? 2 * cap : 1024;
  cell *n = calloc(ncap, sizeof *n);
  if (!n)
    return -1;
  cell *old = tab;
  uint32_t ocap = cap;
  tab = n, cap = ncap;
  for (uint32_t i = 0; i < ocap; i++)
    if (old[i].refs)
      *find(old[i].hash) = old[i];
  free(old);
  rw_budget_count(RW_BUDGET_ENCODER, (uint64_t)(ncap - ocap) * sizeof *n);
  return 0;
}

void rw_trslots_add(uint32_t hash, uint32_t slot) {
  if (lost)
    return;
  if (2 * (used + 1) > cap && grow() != 0) {
    lost = 1;
    return;
  }
  cell *c = find(hash);
  if (!c->refs) {
    *c = (cell){hash, slot ? slot : RW_TRSLOTS_MANY, 1};
    used++;
    return;
  }
  c->refs++;
  if (c->slot != slot)
    c->slot = RW_TRSLOTS_MANY;
}

void rw_trslots_drop(uint32_t hash) {
  if (lost || !cap)
    return;
  cell *c = find(hash);
  if (!c->refs || --c->refs)
    return;
  /* Empty now: shift later entries of the run back over the hole. */
  uint32_t hole = (uint32_t)(c - tab);
  used--;
  for (uint32_t i = (hole + 1) & (cap - 1); tab[i].refs; i = (i + 1) & (cap - 1)) {
    uint32_t h = home(tab[i].hash);
    /* i's entry may move to hole if hole lies in [h, i) cyclically. */
    if (((i - h) & (cap - 1)) >= ((i - hole) & (cap - 1))) {
      tab[hole] = tab[i];
      tab[i].refs = 0;
      hole = i;
    }
  }
}

uint32_t rw_trslots_holder(uint32_t hash) {
  if (lost)
    return RW_TRSLOTS_MANY;
  if (!cap)
    return 0;
  cell *c = find(hash);
  return c->refs ? c->slot : 0;
}

uint64_t rw_trslots_bytes(void) { return (uint64_t)cap * sizeof(cell); }
