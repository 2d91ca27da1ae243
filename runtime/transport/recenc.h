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
/* 1 once the event (slot, seq) was encoded or given up: decided. */
int rw_recenc_done(uint32_t slot, uint64_t seq);
/* 1 if the event (slot, seq) was sent (put in a batch, or offered to the
 * races window): only then may another event name it as its parent
 * (transport/sent.h). */
int rw_recenc_sent(uint32_t slot, uint64_t seq);
/* The slot's events after the last one encoded, up to hi, were given up
 * with their ring, never encoded. */
void rw_recenc_lost(uint32_t slot, uint64_t hi);
/* The slot's thread ended and its ring was retired: its vector may be
 * freed to keep the encoder's state near the threads alive. */
void rw_recenc_retired(uint32_t slot);
/* 1 while records go to the races window (RACEWAY_SEND=races, or auto
 * after its turn), not to the batch. */
int rw_recenc_races(void);
/* fork child: the slot's chain and held locks were the parent's. */
void rw_recenc_after_fork(uint32_t slot);

#endif
