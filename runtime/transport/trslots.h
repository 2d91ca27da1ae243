/*
 * trslots.h - which thread slot's kept history stretches hold a trace
 * (runtime/transport/trslots.c), by the trace's 32-bit hash
 * (rw_cvec_trace_hash).  Flusher thread only.
 *
 * hist.c adds a stretch (segments in a row with one trace) when it starts
 * and drops it when it leaves the RW_HIST_STRETCH kept: so a slot that is
 * not a trace's holder has no kept stretch of it, and a full set of trace
 * components (tcacc.c) passes over the slots of a vector that hold none
 * of its traces without reading their histories.
 */
#ifndef RW_TRSLOTS_H
#define RW_TRSLOTS_H

#include <stdint.h>

/* rw_trslots_holder: several slots hold it, or the table could not grow
 * (then every answer is this one: the caller reads the histories). */
#define RW_TRSLOTS_MANY UINT32_MAX

/* A kept stretch of slot (> 0) with a trace of this hash begins. */
void rw_trslots_add(uint32_t hash, uint32_t slot);
/* One with this hash leaves the stretches kept. */
void rw_trslots_drop(uint32_t hash);
/* The slot whose kept stretches hold one with this hash; 0: none;
 * RW_TRSLOTS_MANY.  (A slot that held it with others stays counted as
 * many until all of them left: that only reads more histories.) */
uint32_t rw_trslots_holder(uint32_t hash);
/* Bytes of its table (tests). */
uint64_t rw_trslots_bytes(void);

#endif
