/*
 * recenc.h - ring records to wire events (runtime/transport/recenc.c).
 * Flusher thread only.
 */
#ifndef RW_RECENC_H
#define RW_RECENC_H

#include <stdint.h>

#include "capture/ring.h"

/* Encode record r of thread `slot`, whose ring names it `thread_name`,
 * into the batch (or, in races mode, offer it to the window).  Records of
 * one slot come in seq order. */
void rw_recenc_record(uint32_t slot, const char *thread_name, const rw_rec *r);
/* 1 once the event (slot, seq) was encoded. */
int rw_recenc_done(uint32_t slot, uint64_t seq);
/* fork child: the slot's chain and held locks were the parent's. */
void rw_recenc_after_fork(uint32_t slot);

#endif
