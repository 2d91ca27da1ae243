/*
 * tcacc.h - the trace components of one causality vector as they are
 * gathered (runtime/transport/tcacc.c): per trace the largest number
 * added, in the order traces first came, at most RW_CVEC_MAX_TC of them
 * (more are left out: the server orders less).  Flusher thread only.
 */
#ifndef RW_TCACC_H
#define RW_TCACC_H

#include <stdint.h>

#include "transport/cvec.h"

/* The index by trace: open addressing over the positions in e (+ 1). */
#define RW_TCACC_IDX 128

typedef struct rw_tcacc {
  uint32_t n;
  uint8_t at[RW_TCACC_IDX];
  rw_cvec_tc e[RW_CVEC_MAX_TC];
} rw_tcacc;

void rw_tcacc_init(rw_tcacc *a);
/* Trace's entry becomes at least n (n = 0: nothing). */
void rw_tcacc_add(rw_tcacc *a, const uint8_t trace[16], uint64_t n);

#endif
