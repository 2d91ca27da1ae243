/*
 * spawnvec.c - spawners' vectors as of their spawns (spawnvec.h).
 *
 * The latest RW_SPAWNVEC_N spawns, in a ring (a child's first event is
 * mostly encoded soon after its spawn: its ring is drained after the
 * spawner's), found by a scan; a place keeps its vector's memory for the
 * next spawn (a spawner's vector is as wide as the slots it learned of,
 * so the next copy mostly fits).  All places' memory together stays under
 * RW_SPAWNVEC_BYTES: a spawn whose copy would pass it is not kept (its
 * child's first event sends its whole vector, as without this).
 */
#include "transport/spawnvec.h"

static struct place {
  uint32_t slot;
  uint8_t used, shared;
  uint64_t seq, gen;
  rw_cvec v;
} places[RW_SPAWNVEC_N];
static uint32_t next;    /* the place the next spawn takes */
static uint64_t bytes;   /* the places' vc_bytes */

static struct place *place_of(uint32_t slot, uint64_t seq) {
  for (uint32_t i = 0; i < RW_SPAWNVEC_N; i++)
    if (places[i].used && places[i].slot == slot && places[i].seq == seq)
      return &places[i];
  return 0;
}

/* Give back p's memory (its place stays). */
static void release(struct place *p) {
  bytes -= p->v.vc_bytes;
  rw_cvec_free(&p->v);
  p->used = 0;
}

void rw_spawnvec_keep(uint32_t slot, uint64_t seq, uint64_t gen, const rw_cvec *v,
                      int shared) {
  struct place *p = &places[next];
  next = (next + 1) % RW_SPAWNVEC_N;
  uint64_t need = (uint64_t)v->nvc * 2 * sizeof(uint64_t);
  p->used = 0;
  if (need > p->v.vc_bytes && bytes - p->v.vc_bytes + need > RW_SPAWNVEC_BYTES) {
    release(p);
    return;
  }
  bytes -= p->v.vc_bytes;
  int failed = rw_cvec_copy(&p->v, v) != 0;
  bytes += p->v.vc_bytes;
  if (failed)
    return;
  p->slot = slot, p->seq = seq, p->gen = gen;
  p->used = 1;
  p->shared = (uint8_t)shared;
}

const rw_cvec *rw_spawnvec_find(uint32_t slot, uint64_t seq, uint64_t gen) {
  struct place *p = place_of(slot, seq);
  return p && p->gen == gen ? &p->v : 0;
}

void rw_spawnvec_used(uint32_t slot, uint64_t seq) {
  struct place *p = place_of(slot, seq);
  if (p && !p->shared)
    p->used = 0;
}

void rw_spawnvec_after_fork(void) {
  for (uint32_t i = 0; i < RW_SPAWNVEC_N; i++)
    places[i].used = 0;
}
