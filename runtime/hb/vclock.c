/*
 * vclock.c - vector clocks: dense arrays of epochs indexed by thread slot.
 *
 * Clocks grow by doubling, so a clock over n slots costs O(n) memory and
 * join/leq are O(n); FastTrack keeps these off the per-access path (the
 * detector compares one entry per shadow slot).
 */
#include "hb/vclock.h"

#include <string.h>

#include "common/budget.h"
#include "common/rawalloc.h"

void rw_vc_init(rw_vc *v) {
  v->n = 0;
  v->cap = 0;
  v->c = NULL;
}

void rw_vc_free(rw_vc *v) {
  if (v->c)
    rw_budget_give(RW_BUDGET_CLOCKS, (uint64_t)v->cap * sizeof(uint64_t));
  rw_raw_free(v->c);
  rw_vc_init(v);
}

/* Make room for `want` entries; new entries are zero. */
static int vc_reserve(rw_vc *v, uint32_t want) {
  if (want <= v->cap)
    return 0;
  uint32_t cap = v->cap ? v->cap : 8;
  while (cap < want) {
    if (cap > UINT32_MAX / 2)
      return -1;
    cap *= 2;
  }
  uint64_t *c = rw_raw_realloc(v->c, (size_t)cap * sizeof(uint64_t));
  if (!c)
    return -1;
  memset(c + v->cap, 0, (size_t)(cap - v->cap) * sizeof(uint64_t));
  rw_budget_count(RW_BUDGET_CLOCKS, (uint64_t)(cap - v->cap) * sizeof(uint64_t));
  v->c = c;
  v->cap = cap;
  return 0;
}

int rw_vc_set(rw_vc *v, uint32_t slot, uint64_t epoch) {
  if (slot >= v->n) {
    if (slot == UINT32_MAX || vc_reserve(v, slot + 1) < 0)
      return -1;
    v->n = slot + 1;
  }
  v->c[slot] = epoch;
  return 0;
}

int rw_vc_join(rw_vc *dst, const rw_vc *src) {
  int rc = 0;
  uint32_t n = src->n;
  if (n > dst->n) {
    if (vc_reserve(dst, n) < 0) {
      rc = -1;        /* join what fits; the rest is lost (degraded) */
      n = dst->cap;
    }
    if (n > dst->n)
      dst->n = n;
  }
  for (uint32_t i = 0; i < n; i++)
    if (src->c[i] > dst->c[i])
      dst->c[i] = src->c[i];
  return rc;
}

int rw_vc_copy(rw_vc *dst, const rw_vc *src) {
  if (dst == src)
    return 0;
  int rc = 0;
  uint32_t n = src->n;
  if (vc_reserve(dst, n) < 0) {
    rc = -1;
    n = dst->cap;
  }
  if (n)
    memcpy(dst->c, src->c, (size_t)n * sizeof(uint64_t));
  if (dst->n > n)
    memset(dst->c + n, 0, (size_t)(dst->n - n) * sizeof(uint64_t));
  dst->n = n;
  return rc;
}

void rw_vc_clear(rw_vc *v) {
  if (v->n)
    memset(v->c, 0, (size_t)v->n * sizeof(uint64_t));
  v->n = 0;
}

int rw_vc_leq(const rw_vc *a, const rw_vc *b) {
  for (uint32_t i = 0; i < a->n; i++)
    if (a->c[i] > rw_vc_get(b, i))
      return 0;
  return 1;
}
