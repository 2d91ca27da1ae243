/*
 * vclock.h - vector clocks indexed by thread slot.
 *
 * A thread's slot is a small dense integer given by thread.c at registration
 * (slot 0 is never used).  c[s] is the last epoch of slot s this clock has
 * seen; entries at or beyond n are 0.  Owned by whoever embeds the struct.
 */
#ifndef RW_VCLOCK_H
#define RW_VCLOCK_H

#include <stdint.h>
#include <stddef.h>

typedef struct rw_vc {
  uint32_t n;      /* entries in use (max slot + 1)   */
  uint32_t cap;    /* allocated entries               */
  uint64_t *c;     /* NULL when cap == 0              */
} rw_vc;

void rw_vc_init(rw_vc *v);
void rw_vc_free(rw_vc *v);
/* All functions return 0, or -1 when memory ran out (the clock is left
 * valid, possibly missing entries: callers count this as degraded). */
int rw_vc_set(rw_vc *v, uint32_t slot, uint64_t epoch);
int rw_vc_join(rw_vc *dst, const rw_vc *src);      /* dst = max(dst, src) */
int rw_vc_copy(rw_vc *dst, const rw_vc *src);
/* Every entry 0, keeping the memory. */
void rw_vc_clear(rw_vc *v);
static inline uint64_t rw_vc_get(const rw_vc *v, uint32_t slot) {
  return slot < v->n ? v->c[slot] : 0;
}
/* 1 if every entry of a is <= the matching entry of b. */
int rw_vc_leq(const rw_vc *a, const rw_vc *b);

#endif
