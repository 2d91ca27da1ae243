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
  uint32_t hash[RW_CVEC_MAX_TC];   /* e[i]'s rw_cvec_trace_hash, 32 bits */
  /* Once full (rw_tcacc_holders): the slots holding its traces in their
   * kept history (trslots.h), or many (then histories are read). */
  uint32_t nholder, many;
  uint32_t holder[RW_CVEC_MAX_TC];
} rw_tcacc;

void rw_tcacc_init(rw_tcacc *a);
/* Trace's entry becomes at least n (n = 0: nothing). */
void rw_tcacc_add(rw_tcacc *a, const uint8_t trace[16], uint64_t n);
/* 1 if a trace with this hash (rw_cvec_trace_hash, 32 bits) may be in a:
 * never 0 for one that is. */
int rw_tcacc_may_have(const rw_tcacc *a, uint32_t hash);

/* A full a (RW_CVEC_MAX_TC traces) only raises its entries: the slots
 * whose kept history holds one of them (trslots.h), for rw_tcacc_may_add. */
void rw_tcacc_holders(rw_tcacc *a);
/* 0 if slot u's history up to epoch upto and its look-ahead's trace
 * (recenc.c's tc_from_slot) hold none of full a's traces: it adds nothing.
 * A slot that holds none of them in a history that keeps what upto
 * reaches is passed over without reading it; others are read (hist.h). */
int rw_tcacc_may_add(const rw_tcacc *a, uint32_t u, uint64_t upto);

#endif
